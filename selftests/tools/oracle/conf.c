// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Port configurations of the oracle: drawn by the fuzzer's generator
 * (bv_gen.h), written as text that the test turns into `bridge vlan` and
 * `bpfvlan apply` lines, and read back by `bvoracle run`:
 *
 *   barrier 4000
 *   port 0 mtu 1500 access 10
 *   port 1 mtu 9000 trunk 10,255,2047 native 2047
 *   port 2 mtu 1500 trunk 1,2
 *
 * A trunk lists every VID it is a member of, its native VID included.
 * The barrier VLAN joins the two barrier ports of each bridge (run.c) and
 * no other port.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bv_gen.h"
#include "conf.h"

#define SEC_NS		1000000000ULL

void or_conf_init(struct or_conf *c, struct bvm_config *cfg)
{
	c->cfg = cfg;
	c->nr_ports = 0;
	c->barrier_vid = 0;
	bvm_config_init(cfg, OR_AGEING_SEC * SEC_NS, OR_FDB_SIZE);
}

static bool vid_used(const struct or_conf *c, unsigned int vid)
{
	for (unsigned int i = 0; i < c->nr_ports; i++)
		if (bvm_is_member(&c->cfg->port[i], vid))
			return true;
	return false;
}

/* The highest VID below 4000 that no port has. */
static uint16_t pick_barrier(const struct or_conf *c)
{
	unsigned int vid = 4000;

	while (vid_used(c, vid))
		vid--;
	return vid;
}

void or_conf_generate(struct or_conf *c, uint64_t seed, unsigned int nr_ports)
{
	struct bvg g = { .rng = seed, .cfg = c->cfg };

	for (unsigned int i = c->nr_ports; i < nr_ports; i++) {
		bvg_port(&g, i, i + 1, bvg_mtu(&g));
		/* the Linux bridge has no per-port learn limit */
		c->cfg->port[i].learn_limit = 0;
	}
	c->nr_ports = nr_ports;
	c->barrier_vid = pick_barrier(c);
}

void or_conf_print(const struct or_conf *c, FILE *out)
{
	fprintf(out, "barrier %u\n", c->barrier_vid);
	for (unsigned int i = 0; i < c->nr_ports; i++) {
		const struct bvm_port *p = &c->cfg->port[i];
		const char *sep = " ";

		fprintf(out, "port %u mtu %u %s", i, p->mtu,
			p->mode == BV_MODE_ACCESS ? "access" : "trunk");
		if (p->mode == BV_MODE_ACCESS) {
			fprintf(out, " %u\n", p->pvid);
			continue;
		}
		for (unsigned int v = BV_VID_MIN; v <= BV_VID_MAX; v++) {
			if (bvm_is_member(p, v)) {
				fprintf(out, "%s%u", sep, v);
				sep = ",";
			}
		}
		if (p->pvid)
			fprintf(out, " native %u", p->pvid);
		fprintf(out, "\n");
	}
}

static int number(const char *s, unsigned long min, unsigned long max,
		  unsigned long *out)
{
	char *end;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *out < min || *out > max)
		return -EINVAL;
	return 0;
}

static int vid_list(char *s, struct bvm_config *cfg, unsigned int slot)
{
	char *save = NULL;
	unsigned long v;
	int n = 0;

	for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (number(t, BV_VID_MIN, BV_VID_MAX, &v))
			return -EINVAL;
		bvm_port_vid(cfg, slot, v, true);
		n++;
	}
	return n ? 0 : -EINVAL;
}

/* "port I mtu M access V" or "port I mtu M trunk LIST [native V]" */
static int parse_port(struct or_conf *c, char **w, int nw)
{
	unsigned long slot, mtu, vid;
	struct bvm_config *cfg = c->cfg;

	if (nw < 6 || number(w[1], 0, OR_MAX_PORTS - 1, &slot) ||
	    slot != c->nr_ports || strcmp(w[2], "mtu") ||
	    number(w[3], 68, 65535, &mtu))
		return -EINVAL;
	if (!strcmp(w[4], "access") && nw == 6) {
		if (number(w[5], BV_VID_MIN, BV_VID_MAX, &vid))
			return -EINVAL;
		bvm_port_access(cfg, slot, slot + 1, vid, mtu);
	} else if (!strcmp(w[4], "trunk") && (nw == 6 || nw == 8)) {
		vid = 0;
		if (nw == 8 && (strcmp(w[6], "native") ||
				number(w[7], BV_VID_MIN, BV_VID_MAX, &vid)))
			return -EINVAL;
		bvm_port_trunk(cfg, slot, slot + 1, vid, mtu);
		if (vid_list(w[5], cfg, slot))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	c->nr_ports++;
	return 0;
}

int or_conf_read(struct or_conf *c, const char *path, bool complete)
{
	char line[512], *w[8];
	unsigned long vid;
	int lineno = 0, err = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		err = -errno;
		fprintf(stderr, "bvoracle: %s: %s\n", path, strerror(-err));
		return err;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		char *save = NULL;
		int nw = 0;

		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		for (char *t = strtok_r(line, " \t", &save); t && nw < 8;
		     t = strtok_r(NULL, " \t", &save))
			w[nw++] = t;
		if (!nw)
			continue;
		if (!strcmp(w[0], "barrier") && nw == 2 &&
		    !number(w[1], BV_VID_MIN, BV_VID_MAX, &vid))
			c->barrier_vid = vid;
		else if (!strcmp(w[0], "port"))
			err = parse_port(c, w, nw);
		else
			err = -EINVAL;
		if (err)
			fprintf(stderr, "bvoracle: %s:%d: not a port or barrier line\n",
				path, lineno);
	}
	fclose(f);
	if (!err && complete && (!c->barrier_vid || c->nr_ports < 2 ||
				 vid_used(c, c->barrier_vid))) {
		fprintf(stderr, "bvoracle: %s: needs 2 ports or more and a barrier VID that no port has\n",
			path);
		err = -EINVAL;
	}
	return err;
}
