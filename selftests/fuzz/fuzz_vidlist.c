// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer harness for bv_parse_vidlist() and bv_vidset_format().
 *
 * Properties: the parser agrees with an independent reference of the
 * grammar (list of N or N-M, comma separated, VIDs 1..4094, elements
 * shorter than 16 characters) on success, error code and the set; a
 * failed parse leaves the output untouched; a parsed set formats and
 * parses back to itself; a format into a short buffer is a terminated
 * prefix of the full text.
 */
#include <errno.h>
#include <stdbool.h>
#include "fuzz.h"
#include "bpfvlan/parse.h"

#define ELEM_MAX	15	/* parse.c: elements must fit char[16] */

/* Decimal digits only; -EINVAL, -ERANGE or 0. */
static int ref_vid(const char *s, size_t len, unsigned int *vid)
{
	unsigned long long v = 0;

	if (!len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');	/* len <= 15: no overflow */
	}
	if (v < 1 || v > 4094)
		return -ERANGE;
	*vid = v;
	return 0;
}

static int ref_elem(const char *s, size_t len, struct bv_vidset *set)
{
	const char *dash = memchr(s, '-', len);
	unsigned int lo, hi;
	int err;

	if (!len || len > ELEM_MAX)
		return -EINVAL;
	err = ref_vid(s, dash ? (size_t)(dash - s) : len, &lo);
	if (err)
		return err;
	hi = lo;
	if (dash) {
		err = ref_vid(dash + 1, len - (dash + 1 - s), &hi);
		if (err)
			return err;
		if (hi < lo)
			return -EINVAL;
	}
	for (unsigned int v = lo; v <= hi; v++)
		set->bits[v / 64] |= 1ULL << (v % 64);
	return 0;
}

static int ref_vidlist(const char *s, struct bv_vidset *set)
{
	memset(set, 0, sizeof(*set));
	if (!*s)
		return -EINVAL;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		int err = ref_elem(s, len, set);

		if (err)
			return err;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

static void check_format(const struct bv_vidset *set, uint8_t small)
{
	static char full[6 * 4096], part[256];
	struct bv_vidset again;
	size_t n;

	bv_vidset_format(set, full, sizeof(full));
	n = strlen(full);
	FZ_ASSERT(n < sizeof(full) - 1);	/* never truncated here */
	FZ_ASSERT(bv_parse_vidlist(full, &again) == 0);
	FZ_ASSERT(!memcmp(&again, set, sizeof(again)));

	/* A short buffer: terminated, and a prefix of the full text. */
	small = small % sizeof(part);
	memset(part, 'x', sizeof(part));
	FZ_ASSERT(bv_vidset_format(set, part, small) == part);
	if (small) {
		FZ_ASSERT(strlen(part) < small);
		FZ_ASSERT(!strncmp(full, part, strlen(part)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_vidset got, want;
	char *s = fz_string(data, size);
	int err, ref;

	memset(&got, 0xa5, sizeof(got));
	err = bv_parse_vidlist(s, &got);
	ref = ref_vidlist(s, &want);
	FZ_ASSERT(err == ref);
	if (err) {
		for (size_t i = 0; i < BV_VID_WORDS; i++)
			FZ_ASSERT(got.bits[i] == 0xa5a5a5a5a5a5a5a5ULL);
	} else {
		FZ_ASSERT(!memcmp(&got, &want, sizeof(got)));
		FZ_ASSERT(!bv_vidset_test(&got, 0) && !bv_vidset_test(&got, 4095));
		FZ_ASSERT(bv_vidset_count(&got) >= 1);
		check_format(&got, size ? data[size - 1] : 0);
	}
	free(s);
	return 0;
}
