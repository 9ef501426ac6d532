/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Shared bits of the libFuzzer harnesses: a property check that stops the
 * run (libFuzzer saves the input as a crash), and the fuzz input turned
 * into a NUL-terminated string of exactly its own size, so that ASan sees
 * any read past its end.
 */
#ifndef BV_FUZZ_H
#define BV_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: property failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

/* The @len bytes at @data as a C string, malloc'ed. */
static inline char *fz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/* Parsers take C strings: the input up to its first NUL, malloc'ed. */
static inline char *fz_string(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);

	return fz_strndup(data, nul ? (size_t)(nul - data) : size);
}

#endif /* BV_FUZZ_H */
