// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* What left which port for one frame sent (see oracle.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"

void or_copies_clear(struct or_copies *c)
{
	c->n = 0;
	c->overflow = false;
}

void or_copies_add(struct or_copies *c, unsigned int port, const uint8_t *b,
		   size_t len)
{
	struct or_frame *f;

	if (c->n == OR_MAX_COPIES || len > OR_FRAME_MAX) {
		c->overflow = true;
		return;
	}
	f = &c->f[c->n++];
	f->port = port;
	f->len = len;
	memcpy(f->b, b, len);
}

bool or_frame_visible(const uint8_t *b, size_t len)
{
	uint16_t type;

	if (len < BVM_ETH_HLEN)
		return false;
	type = b[12] << 8 | b[13];
	return len >= BVM_TAGGED_MIN ||
	       (type != BVM_TPID_8021Q && type != BVM_TPID_8021AD);
}

void or_copies_from_model(struct or_copies *c, const struct bvm_result *res)
{
	or_copies_clear(c);
	if (res->verdict != BVM_FORWARD)
		return;
	for (unsigned int i = 0; i < res->nr_copies; i++) {
		const struct bvm_copy *cp = &res->copy[i];
		const uint8_t *b = res->bytes[cp->form];

		if (!cp->oversize && or_frame_visible(b, res->len[cp->form]))
			or_copies_add(c, cp->slot, b, res->len[cp->form]);
	}
}

static int cmp_frame(const void *x, const void *y)
{
	const struct or_frame *a = x, *b = y;

	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->b, b->b, a->len);
}

bool or_copies_equal(struct or_copies *a, struct or_copies *b)
{
	if (a->overflow || b->overflow || a->n != b->n)
		return false;
	qsort(a->f, a->n, sizeof(a->f[0]), cmp_frame);
	qsort(b->f, b->n, sizeof(b->f[0]), cmp_frame);
	for (unsigned int i = 0; i < a->n; i++)
		if (cmp_frame(&a->f[i], &b->f[i]))
			return false;
	return true;
}

void or_hex_print(const uint8_t *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", b[i]);
}

void or_copies_print(const char *label, const struct or_copies *c)
{
	printf("  %s:%s%s\n", label, c->n ? "" : " none",
	       c->overflow ? " (more than could be kept)" : "");
	for (unsigned int i = 0; i < c->n; i++) {
		printf("    port %u, %zu bytes: ", c->f[i].port, c->f[i].len);
		or_hex_print(c->f[i].b, c->f[i].len);
		printf("\n");
	}
}
