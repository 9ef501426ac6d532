// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <stdio.h>
#include "bpfvlan/vidset.h"

unsigned int bv_vidset_count(const struct bv_vidset *set)
{
	unsigned int n = 0;

	for (int i = 0; i < BV_VID_WORDS; i++)
		n += __builtin_popcountll(set->bits[i]);
	return n;
}

char *bv_vidset_format(const struct bv_vidset *set, char *buf, size_t len)
{
	size_t off = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (unsigned int v = BV_VID_MIN; v <= BV_VID_MAX; v++) {
		unsigned int end = v;
		int n;

		if (!bv_vidset_test(set, v))
			continue;
		while (end + 1 <= BV_VID_MAX && bv_vidset_test(set, end + 1))
			end++;
		if (end == v)
			n = snprintf(buf + off, len - off, "%s%u",
				     off ? "," : "", v);
		else
			n = snprintf(buf + off, len - off, "%s%u-%u",
				     off ? "," : "", v, end);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += n;
		v = end;
	}
	return buf;
}
