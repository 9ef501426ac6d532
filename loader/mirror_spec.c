// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The mirror grammar, once, for the command line (`mirror add`), the
 * config file (`mirror` lines) and the writers (`mirror show`, `show
 * config`):
 *
 *   NAME [dev DEV [ingress|egress|both]] [vid VIDLIST] to DEV
 *
 * Pure: no I/O but the stream a writer is given.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/parse.h"

static const char *const dir_names[] = {
	[BV_MIRROR_INGRESS]	= "ingress",
	[BV_MIRROR_EGRESS]	= "egress",
	[BV_MIRROR_BOTH]	= "both",
};

bool bv_mirror_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= BV_MIRROR_NAME_LEN)
		return false;
	for (const char *p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '_' && *p != '-' &&
		    *p != '.')
			return false;
	return true;
}

unsigned int bv_mirror_dir_parse(const char *word)
{
	for (unsigned int d = 1; d < sizeof(dir_names) / sizeof(dir_names[0]); d++)
		if (!strcmp(word, dir_names[d]))
			return d;
	return 0;
}

const char *bv_mirror_dir_name(unsigned int dir)
{
	return dir && dir <= BV_MIRROR_BOTH ? dir_names[dir] : "none";
}

bool bv_mirror_spec_same(const struct bv_mirror_spec *a,
			 const struct bv_mirror_spec *b)
{
	return !strcmp(a->dev, b->dev) && !strcmp(a->to, b->to) &&
	       (!a->dev[0] || a->dir == b->dir) &&
	       a->has_vids == b->has_vids &&
	       (!a->has_vids || !memcmp(&a->vids, &b->vids, sizeof(a->vids)));
}

static int fail(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int take_dev(const char *kw, const char *word, char *dst,
		    char *msg, size_t len)
{
	if (!word)
		return fail(msg, len, "\"%s\" needs a device name", kw);
	if (!bv_ifname_valid(word))
		return fail(msg, len, "invalid device name \"%s\" after \"%s\"",
			    word, kw);
	snprintf(dst, IF_NAMESIZE, "%s", word);
	return 0;
}

int bv_mirror_spec_parse(int argc, char *const *argv,
			 struct bv_mirror_spec *m, char *msg, size_t len)
{
	bool seen_dev = false, seen_vid = false, seen_to = false;

	memset(m, 0, sizeof(*m));
	if (argc < 1)
		return fail(msg, len, "a mirror needs a NAME");
	if (!bv_mirror_name_valid(argv[0]))
		return fail(msg, len, "invalid mirror name \"%s\" (1-%d characters: letters, digits, _ - .)",
			    argv[0], BV_MIRROR_NAME_LEN - 1);
	snprintf(m->name, sizeof(m->name), "%s", argv[0]);
	for (int i = 1; i < argc; i++) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		int err;

		if ((!strcmp(kw, "dev") && seen_dev) ||
		    (!strcmp(kw, "vid") && seen_vid) ||
		    (!strcmp(kw, "to") && seen_to))
			return fail(msg, len, "\"%s\" given twice", kw);
		if (!strcmp(kw, "dev")) {
			err = take_dev(kw, val, m->dev, msg, len);
			if (err)
				return err;
			seen_dev = true;
			i++;
			m->dir = BV_MIRROR_BOTH;
			if (i + 1 < argc && bv_mirror_dir_parse(argv[i + 1]))
				m->dir = bv_mirror_dir_parse(argv[++i]);
		} else if (!strcmp(kw, "vid")) {
			if (!val)
				return fail(msg, len, "\"vid\" needs a VID list");
			if (bv_parse_vidlist(val, &m->vids))
				return fail(msg, len, "invalid VID list \"%s\" (like 10,20,100-199; VIDs are 1..4094)",
					    val);
			m->has_vids = seen_vid = true;
			i++;
		} else if (!strcmp(kw, "to")) {
			err = take_dev(kw, val, m->to, msg, len);
			if (err)
				return err;
			seen_to = true;
			i++;
		} else if (bv_mirror_dir_parse(kw)) {
			return fail(msg, len, "\"%s\" must follow dev DEV", kw);
		} else {
			return fail(msg, len, "unknown word \"%s\" in mirror %s",
				    kw, m->name);
		}
	}
	if (!seen_to)
		return fail(msg, len, "mirror %s needs to DEV (its destination)",
			    m->name);
	if (!seen_dev && !seen_vid)
		return fail(msg, len, "mirror %s needs dev DEV or vid VIDLIST",
			    m->name);
	if (!strcmp(m->dev, m->to))
		return fail(msg, len, "mirror %s: %s cannot be its own destination",
			    m->name, m->to);
	return 0;
}

/* @name as the config file and the command line read it back. */
static const char *word(const char *name, char *buf, size_t len,
			char *(*quote)(const char *, char *, size_t))
{
	return quote ? quote(name, buf, len) : name;
}

int bv_mirror_spec_write(const struct bv_mirror_spec *m, FILE *f,
			 char *(*quote)(const char *, char *, size_t))
{
	static char vids[BV_VIDSET_FMT_MAX];
	char buf[2 + 4 * IF_NAMESIZE];

	fprintf(f, "%s", m->name);
	if (m->dev[0])
		fprintf(f, " dev %s %s", word(m->dev, buf, sizeof(buf), quote),
			bv_mirror_dir_name(m->dir));
	if (m->has_vids)
		fprintf(f, " vid %s", bv_vidset_format(&m->vids, vids, sizeof(vids)));
	fprintf(f, " to %s", word(m->to, buf, sizeof(buf), quote));
	return ferror(f) ? -EIO : 0;
}
