/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * One print path for text and JSON, after iproute2's json_print: each call
 * names its JSON key and its text format; PRINT_ANY prints in both modes,
 * PRINT_FP only as text, PRINT_JSON only as JSON.
 */
#ifndef BV_PRINT_H
#define BV_PRINT_H

#include <stdbool.h>
#include <stdint.h>

enum bv_print_type {
	PRINT_FP	= 1,
	PRINT_JSON	= 2,
	PRINT_ANY	= PRINT_FP | PRINT_JSON,
};

void bv_print_init(bool json, bool pretty);
bool bv_print_is_json(void);
/* Ends the document (newline after JSON). */
void bv_print_finish(void);

void bv_open_array(enum bv_print_type t, const char *key);
void bv_close_array(enum bv_print_type t);
void bv_open_object(enum bv_print_type t, const char *key);
void bv_close_object(enum bv_print_type t);

void bv_print_string(enum bv_print_type t, const char *key, const char *fmt,
		     const char *value);
/* A NULL fmt prints nothing as text. Text formats of uints take %llu. */
void bv_print_uint(enum bv_print_type t, const char *key, const char *fmt,
		   uint64_t value);
void bv_print_bool(enum bv_print_type t, const char *key, const char *fmt,
		   bool value);
/*
 * A rate or a time: a JSON number with at most two decimals ("1500",
 * "0.5"); as text, @fmt takes it as a string in SI form ("12.3k").
 */
void bv_print_rate(enum bv_print_type t, const char *key, const char *fmt,
		   double value);
/* Text only: a newline. */
void bv_print_nl(void);

#endif /* BV_PRINT_H */
