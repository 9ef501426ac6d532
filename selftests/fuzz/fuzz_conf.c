// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer harness for the configuration file (loader/conf_parse.c), its
 * writer (loader/conf.c) and the plan (loader/plan.c).
 *
 * The input is one file, or two separated by a line "%%": a running
 * bridge A (its ports' owners drawn from their names) and a file B.
 * Properties: a rejected file names a line within it and yields nothing;
 * an accepted one holds only what apply can do (VIDs 1..4094, the native
 * VID never tagged, unique ports and entries, entries on a port of the
 * file in one of its VLANs); what the writer makes parses back to the same
 * bridge and writes the same text again, also with the ports renamed to
 * any name a device may have (quoted where the file needs it; a name no
 * device has is refused); the plan from A to B, run
 * through the model of selftests/unit/plan_sim.h, lands on what the
 * ownership rule promises, in step order; B to itself plans nothing, and
 * no bridge to B loads it and lands on B.
 */
#include <errno.h>
#include "bpfvlan/conf.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/link.h"
#include "bpfvlan/mirror.h"
#include "fuzz.h"
#include "plan_sim.h"

static unsigned int count_lines(const char *s, size_t len)
{
	unsigned int n = 1;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

static void check_valid(const struct bv_conf *c)
{
	FZ_ASSERT(c->ageing_sec >= 1 && c->fdb_size >= 16);
	for (size_t i = 0; i < c->nr_ports; i++) {
		const struct bv_conf_port *p = &c->ports[i];

		FZ_ASSERT(p->dev[0] && strlen(p->dev) < IF_NAMESIZE);
		FZ_ASSERT(bv_conf_port_find(c, p->dev) == p);
		FZ_ASSERT(p->owner == BV_OWNER_CONFIG);
		FZ_ASSERT(!bv_vidset_test(&p->tagged, 0) &&
			  !bv_vidset_test(&p->tagged, 4095));
		FZ_ASSERT(!p->pvid || bv_vid_valid(p->pvid));
		FZ_ASSERT(!bv_vidset_test(&p->tagged, p->pvid));
		if (p->internal)
			FZ_ASSERT(p->mode == BV_MODE_ACCESS &&
				  p->attach == BV_ATTACH_AUTO && !p->learn_limit &&
				  !p->isolated && !p->locked && !p->allow_ip.nr &&
				  (!p->mtu || (p->mtu >= BV_INTERNAL_MTU_MIN &&
					       p->mtu <= BV_INTERNAL_MTU_MAX)) &&
				  (!p->has_mac || !(p->mac[0] & 1)));
		else
			FZ_ASSERT(!p->mtu && !p->has_mac);
		if (p->mode == BV_MODE_ACCESS)
			FZ_ASSERT(p->pvid && !bv_vidset_count(&p->tagged));
		else
			FZ_ASSERT(p->mode == BV_MODE_TRUNK &&
				  (p->pvid || bv_vidset_count(&p->tagged)));
	}
	for (size_t i = 0; i < c->nr_fdb; i++) {
		const struct bv_conf_fdb *e = &c->fdb[i];
		const struct bv_conf_port *p = bv_conf_port_find(c, e->dev);

		FZ_ASSERT(bv_conf_fdb_find(c, e->mac, e->vid) == e);
		FZ_ASSERT(p && bv_conf_port_has_vid(p, e->vid));
		FZ_ASSERT(!(e->mac[0] & 1));
	}
	FZ_ASSERT(c->nr_mirrors <= BV_MAX_MIRRORS);
	for (size_t i = 0; i < c->nr_mirrors; i++) {
		const struct bv_mirror_spec *m = &c->mirrors[i];

		FZ_ASSERT(bv_conf_mirror_find(c, m->name) == m);
		FZ_ASSERT(bv_mirror_name_valid(m->name));
		FZ_ASSERT(m->owner == BV_OWNER_CONFIG);
		FZ_ASSERT(m->dev[0] || m->has_vids);
		FZ_ASSERT(!m->dev[0] || (bv_conf_port_find(c, m->dev) &&
					 m->dir && m->dir <= BV_MIRROR_BOTH));
		FZ_ASSERT(!m->has_vids || (bv_vidset_count(&m->vids) &&
					   !bv_vidset_test(&m->vids, 0) &&
					   !bv_vidset_test(&m->vids, 4095)));
		FZ_ASSERT(bv_ifname_valid(m->to) && !bv_conf_port_find(c, m->to));
	}
}

static char *write_text(const struct bv_conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	FZ_ASSERT(f);
	FZ_ASSERT(bv_conf_write(c, "bv0", f) == 0);
	fclose(f);
	return buf;
}

/* Parse; on success check what came out and the writer's round trip. */
static bool parse_checked(const char *text, size_t len, struct bv_conf *c)
{
	struct bv_conf_error err;
	struct bv_conf again;
	char *out, *out2;
	int ret = bv_conf_parse(text, len, c, &err);

	if (ret) {
		FZ_ASSERT(ret == -EINVAL);
		FZ_ASSERT(err.line >= 1 && err.line <= count_lines(text, len));
		FZ_ASSERT(err.msg[0]);
		FZ_ASSERT(!c->nr_ports && !c->ports && !c->nr_fdb && !c->fdb &&
			  !c->nr_mirrors && !c->mirrors);
		return false;
	}
	check_valid(c);
	out = write_text(c);
	ret = bv_conf_parse(out, strlen(out), &again, &err);
	if (ret)
		fprintf(stderr, "written text rejected at line %u: %s\n%s",
			err.line, err.msg, out);
	FZ_ASSERT(ret == 0);
	FZ_ASSERT(sim_same(&again, c));
	out2 = write_text(&again);
	FZ_ASSERT(!strcmp(out, out2));
	free(out);
	free(out2);
	bv_conf_free(&again);
	return true;
}

static void copy_conf(const struct bv_conf *from, struct bv_conf *to)
{
	bv_conf_init(to);
	to->ageing_sec = from->ageing_sec;
	to->fdb_size = from->fdb_size;
	for (size_t i = 0; i < from->nr_ports; i++) {
		struct bv_conf_port *p = bv_conf_add_port(to);

		FZ_ASSERT(p);
		*p = from->ports[i];
	}
	for (size_t i = 0; i < from->nr_fdb; i++) {
		struct bv_conf_fdb *e = bv_conf_add_fdb(to);

		FZ_ASSERT(e);
		*e = from->fdb[i];
	}
	for (size_t i = 0; i < from->nr_mirrors; i++) {
		struct bv_mirror_spec *m = bv_conf_add_mirror(to);

		FZ_ASSERT(m);
		*m = from->mirrors[i];
	}
}

/* @name made a device name (bv_ifname_valid): the bytes no device name
 * has become '"', which a file cannot hold bare either.
 */
static void make_ifname(char *name)
{
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == '%' || *p == ' ' ||
		    (*p >= '\t' && *p <= '\r'))
			*p = '"';
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		name[0] = '#';
}

/* Is @name a mirror's destination in @c (no port may take it)? */
static bool is_mirror_to(const struct bv_conf *c, const char *name)
{
	for (size_t i = 0; i < c->nr_mirrors; i++)
		if (!strcmp(c->mirrors[i].to, name))
			return true;
	return false;
}

/* Rename port @p of @c to @name, its static entries and mirrors too. */
static void rename_port(struct bv_conf *c, struct bv_conf_port *p,
			const char *name)
{
	for (size_t i = 0; i < c->nr_fdb; i++)
		if (!strcmp(c->fdb[i].dev, p->dev))
			snprintf(c->fdb[i].dev, IF_NAMESIZE, "%s", name);
	for (size_t i = 0; i < c->nr_mirrors; i++)
		if (!strcmp(c->mirrors[i].dev, p->dev))
			snprintf(c->mirrors[i].dev, IF_NAMESIZE, "%s", name);
	snprintf(p->dev, IF_NAMESIZE, "%s", name);
}

/*
 * show config's round trip for any name a device may have: the ports of
 * @c renamed with bytes of the input ("#x", quotes, backslashes, control
 * and high bytes), written, parsed back: the same bridge, the same text.
 * A name that is no device name ("ifindex 7": a port whose device is
 * gone) is refused, and nothing written.
 */
static void check_odd_names(const struct bv_conf *c, const uint8_t *data,
			    size_t size)
{
	struct bv_conf odd, again;
	struct bv_conf_error err;
	char *out, *out2, *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	copy_conf(c, &odd);
	for (size_t i = 0; size && i < odd.nr_ports; i++) {
		char name[IF_NAMESIZE];
		size_t n = 1 + data[i % size] % (IF_NAMESIZE - 1);

		for (size_t j = 0; j < n; j++) {
			char ch = (char)data[(i * 7 + j * 13 + 1) % size];

			name[j] = ch ? ch : '#';
		}
		name[n] = '\0';
		make_ifname(name);
		if (!bv_conf_port_find(&odd, name) && !is_mirror_to(&odd, name))
			rename_port(&odd, &odd.ports[i], name);
	}
	out = write_text(&odd);
	ret = bv_conf_parse(out, strlen(out), &again, &err);
	if (ret)
		fprintf(stderr, "written text rejected at line %u: %s\n%s",
			err.line, err.msg, out);
	FZ_ASSERT(ret == 0);
	FZ_ASSERT(sim_same(&again, &odd));
	out2 = write_text(&again);
	FZ_ASSERT(!strcmp(out, out2));
	free(out);
	free(out2);
	bv_conf_free(&again);
	if (odd.nr_ports) {
		rename_port(&odd, &odd.ports[size ? data[0] % odd.nr_ports : 0],
			    "ifindex 7");
		f = open_memstream(&buf, &len);
		FZ_ASSERT(f);
		FZ_ASSERT(bv_conf_write(&odd, "bv0", f) == -EINVAL);
		fclose(f);
		FZ_ASSERT(len == 0);
		free(buf);
	}
	bv_conf_free(&odd);
}

/* Plan @cur (NULL: no bridge) to @file; run it on the model. */
static size_t check_plan(const struct bv_conf *cur, const struct bv_conf *file)
{
	struct bv_conf sim, want;
	struct bv_plan plan;
	size_t n;

	FZ_ASSERT(bv_plan_make(cur, file, &plan) == 0);
	for (size_t i = 1; i < plan.n; i++)
		FZ_ASSERT(plan.steps[i - 1].kind <= plan.steps[i].kind);
	FZ_ASSERT(!plan.n || (plan.steps[0].kind == BV_STEP_LOAD) == !cur);
	if (cur)
		copy_conf(cur, &sim);
	else
		bv_conf_init(&sim);
	FZ_ASSERT(sim_expect(cur, file, &want) == 0);
	FZ_ASSERT(sim_run(&sim, &plan));
	FZ_ASSERT(sim_same(&sim, &want));
	n = plan.n;
	bv_plan_free(&plan);
	bv_conf_free(&sim);
	bv_conf_free(&want);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep = NULL;
	size_t len_a = size;
	struct bv_conf a, b;
	bool ok_a, ok_b;

	for (size_t i = 0; i + 4 <= size; i++)
		if (!memcmp(text + i, "\n%%\n", 4)) {
			sep = text + i;
			break;
		}
	if (sep)
		len_a = sep - text + 1;
	ok_a = parse_checked(text, len_a, &a);
	ok_b = sep ? parse_checked(sep + 4, size - len_a - 3, &b) : false;
	if (ok_a)
		check_odd_names(&a, data, size);
	if (ok_a)
		FZ_ASSERT(check_plan(&a, &a) == 0);
	if (ok_a)
		check_plan(NULL, &a);
	if (ok_a && ok_b) {
		for (size_t i = 0; i < a.nr_ports; i++)
			a.ports[i].owner = (unsigned char)a.ports[i].dev[0] %
					   BV_OWNER_MAX;
		for (size_t i = 0; i < a.nr_mirrors; i++)
			a.mirrors[i].owner = a.mirrors[i].name[0] % 2 ?
					     BV_OWNER_MANUAL : BV_OWNER_CONFIG;
		check_plan(&a, &b);
	}
	if (ok_a)
		bv_conf_free(&a);
	if (ok_b)
		bv_conf_free(&b);
	return 0;
}
