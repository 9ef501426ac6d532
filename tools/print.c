// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "print.h"
#include "rate.h"

#define MAX_DEPTH	16

static struct {
	bool json;
	bool pretty;
	int depth;
	bool first[MAX_DEPTH];	/* no element yet at this depth */
} out;

void bv_print_init(bool json, bool pretty)
{
	out.json = json;
	out.pretty = pretty;
	out.depth = 0;
	out.first[0] = true;
}

bool bv_print_is_json(void)
{
	return out.json;
}

static bool wants(enum bv_print_type t)
{
	return out.json ? (t & PRINT_JSON) : (t & PRINT_FP);
}

static void json_indent(void)
{
	if (!out.pretty)
		return;
	putchar('\n');
	for (int i = 0; i < out.depth; i++)
		fputs("    ", stdout);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Separator and key for the next element at the current depth. */
static void json_element(const char *key)
{
	if (!out.first[out.depth])
		putchar(',');
	out.first[out.depth] = false;
	if (out.depth)
		json_indent();
	if (key) {
		json_string(key);
		putchar(':');
		if (out.pretty)
			putchar(' ');
	}
}

static void json_open(const char *key, char c)
{
	json_element(key);
	putchar(c);
	if (out.depth + 1 < MAX_DEPTH)
		out.depth++;
	out.first[out.depth] = true;
}

static void json_close(char c)
{
	bool empty = out.first[out.depth];

	if (out.depth)
		out.depth--;
	if (!empty)
		json_indent();
	putchar(c);
}

void bv_open_array(enum bv_print_type t, const char *key)
{
	if (out.json && wants(t))
		json_open(key, '[');
}

void bv_close_array(enum bv_print_type t)
{
	if (out.json && wants(t))
		json_close(']');
}

void bv_open_object(enum bv_print_type t, const char *key)
{
	if (out.json && wants(t))
		json_open(key, '{');
}

void bv_close_object(enum bv_print_type t)
{
	if (out.json && wants(t))
		json_close('}');
}

void bv_print_string(enum bv_print_type t, const char *key, const char *fmt,
		     const char *value)
{
	if (!wants(t))
		return;
	if (out.json) {
		json_element(key);
		json_string(value);
	} else if (fmt) {
		printf(fmt, value);
	}
}

void bv_print_uint(enum bv_print_type t, const char *key, const char *fmt,
		   uint64_t value)
{
	if (!wants(t))
		return;
	if (out.json) {
		json_element(key);
		printf("%" PRIu64, value);
	} else if (fmt) {
		printf(fmt, (unsigned long long)value);	/* fmt uses %llu */
	}
}

void bv_print_bool(enum bv_print_type t, const char *key, const char *fmt,
		   bool value)
{
	if (!wants(t))
		return;
	if (out.json) {
		json_element(key);
		fputs(value ? "true" : "false", stdout);
	} else if (fmt) {
		printf(fmt, value ? "yes" : "no");
	}
}

void bv_print_rate(enum bv_print_type t, const char *key, const char *fmt,
		   double value)
{
	char buf[48];

	if (!wants(t))
		return;
	if (!out.json) {
		if (fmt)
			printf(fmt, bv_fmt_si(value, buf, sizeof(buf)));
		return;
	}
	/* Two decimals, trailing zeros (and a bare dot) trimmed. */
	snprintf(buf, sizeof(buf), "%.2f", isfinite(value) ? value : 0.0);
	if (strchr(buf, '.')) {
		char *end = buf + strlen(buf) - 1;

		while (*end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	json_element(key);
	fputs(buf, stdout);
}

void bv_print_nl(void)
{
	if (!out.json)
		putchar('\n');
}

void bv_print_finish(void)
{
	if (out.json)
		putchar('\n');
	fflush(stdout);
}
