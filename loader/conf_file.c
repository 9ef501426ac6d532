// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* A configuration file's text (conf_parse.c parses it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/conf.h"

int bv_conf_file_read(const char *path, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 4096, n = 0, got;
	char *out = NULL, *tmp;
	int err = 0;

	if (!f)
		return -errno;
	do {
		if (n + 1 >= cap || !out) {
			cap = out ? 2 * cap : cap;
			if (cap > BV_CONF_FILE_MAX + 1) {
				err = -EFBIG;
				break;
			}
			tmp = realloc(out, cap);
			if (!tmp) {
				err = -ENOMEM;
				break;
			}
			out = tmp;
		}
		got = fread(out + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	if (!err && ferror(f))
		err = -EIO;
	if (f != stdin)
		fclose(f);
	if (err) {
		free(out);
		return err;
	}
	out[n] = '\0';
	*buf = out;
	*len = n;
	return 0;
}
