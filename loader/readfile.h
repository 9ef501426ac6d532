/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* A whole (small) text file in memory: a configuration file. */
#ifndef BV_READFILE_H
#define BV_READFILE_H

#include <stddef.h>

#define BV_READFILE_MAX	(16U << 20)	/* far more than 512 ports need */

/* Read @path ("-": standard input) into a malloc'ed, NUL-terminated
 * buffer; *len excludes the NUL. -EFBIG past BV_READFILE_MAX.
 */
int bv_read_file(const char *path, char **buf, size_t *len);

#endif /* BV_READFILE_H */
