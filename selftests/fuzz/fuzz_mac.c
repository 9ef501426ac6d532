// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer harness for bv_parse_mac() and bv_mac_format().
 *
 * Properties: a MAC parses exactly when it is 17 characters of the form
 * xx:xx:xx:xx:xx:xx (hex digits, either case); the bytes are the digits'
 * value; formatting gives the input back in lower case; a failed parse
 * leaves the output untouched.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include "fuzz.h"
#include "bpfvlan/parse.h"

static bool ref_hex(char c, uint8_t *v)
{
	if (c >= '0' && c <= '9')
		*v = c - '0';
	else if (c >= 'a' && c <= 'f')
		*v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		*v = c - 'A' + 10;
	else
		return false;
	return true;
}

static bool ref_mac(const char *s, uint8_t mac[6])
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		uint8_t hi, lo;

		if (i % 3 == 2) {
			if (s[i] != ':')
				return false;
			continue;
		}
		if (i % 3 == 1)
			continue;
		if (!ref_hex(s[i], &hi) || !ref_hex(s[i + 1], &lo))
			return false;
		mac[i / 3] = hi << 4 | lo;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t untouched[6] = { 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };
	uint8_t got[6], want[6];
	char *s = fz_string(data, size), text[18];
	bool ok;
	int err;

	memcpy(got, untouched, 6);
	err = bv_parse_mac(s, got);
	ok = ref_mac(s, want);
	FZ_ASSERT(err == 0 || err == -EINVAL);
	FZ_ASSERT((err == 0) == ok);
	if (ok) {
		FZ_ASSERT(!memcmp(got, want, 6));
		bv_mac_format(got, text);
		FZ_ASSERT(strlen(text) == 17);
		for (int i = 0; i < 17; i++)
			FZ_ASSERT(text[i] == tolower((unsigned char)s[i]));
	} else {
		FZ_ASSERT(!memcmp(got, untouched, 6));
	}
	free(s);
	return 0;
}
