// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer harness for the number parsers, bv_parse_uint() and
 * bv_parse_vid(). Input: 8 bytes of min, 8 bytes of max, then the word.
 *
 * Properties: a word parses exactly when it is one or more decimal digits
 * (no sign, no space, no trailing text) whose value, computed here
 * without overflow, lies in [min, max]; out-of-range and overflowing
 * numbers give -ERANGE, anything else -EINVAL; a failed parse leaves the
 * output untouched. bv_parse_vid() is the same for [1, 4094].
 */
#include <errno.h>
#include <stdbool.h>
#include "fuzz.h"
#include "bpfvlan/parse.h"

/* -EINVAL, -ERANGE, or 0 with *out set. */
static int ref_uint(const char *s, unsigned long min, unsigned long max,
		    unsigned long *out)
{
	unsigned long v = 0;
	bool overflow = false;

	if (!*s)
		return -EINVAL;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -EINVAL;
	for (const char *p = s; *p; p++) {
		unsigned long d = *p - '0';

		if (v > (~0UL - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}
	if (overflow || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long min = 0, max = ~0UL, got = 0x5a5a, want = 0;
	uint16_t vid = 0x5a5a;
	int err, ref;
	char *s;

	if (size >= 16) {
		memcpy(&min, data, 8);
		memcpy(&max, data + 8, 8);
		data += 16;
		size -= 16;
	}
	s = fz_string(data, size);

	err = bv_parse_uint(s, min, max, &got);
	ref = ref_uint(s, min, max, &want);
	FZ_ASSERT(err == ref);
	FZ_ASSERT(err ? got == 0x5a5a : got == want);

	err = bv_parse_vid(s, &vid);
	ref = ref_uint(s, 1, 4094, &want);
	FZ_ASSERT(err == ref);
	FZ_ASSERT(err ? vid == 0x5a5a : vid == want);
	free(s);
	return 0;
}
