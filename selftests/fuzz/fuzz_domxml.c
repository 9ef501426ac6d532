// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer harness for bv_domxml_parse() (the libvirt hook's metadata).
 *
 * Properties: the result is 0 or -EINVAL; an error comes with a message
 * and no ports; every port has a mode, VIDs in range (an access VLAN, a
 * trunk VID or native), a bridge and a terminated tap name; what the
 * strict parse (VM starting) accepts, the lenient one (stopping) accepts
 * with the same ports.
 */
#include <errno.h>
#include "bpfvlan_maps.h"
#include "domxml.h"
#include "fuzz.h"

static void check_port(const struct bv_lv_port *p)
{
	FZ_ASSERT(p->port.mode == BV_MODE_ACCESS || p->port.mode == BV_MODE_TRUNK);
	FZ_ASSERT(p->port.attach <= BV_ATTACH_XDP);
	FZ_ASSERT(p->port.pvid <= 4094);
	FZ_ASSERT(memchr(p->port.dev, 0, sizeof(p->port.dev)));
	FZ_ASSERT(memchr(p->bridge, 0, sizeof(p->bridge)) && p->bridge[0]);
	FZ_ASSERT(!bv_vidset_test(&p->port.tagged, 0) && !bv_vidset_test(&p->port.tagged, 4095));
	if (p->port.mode == BV_MODE_ACCESS) {
		FZ_ASSERT(p->port.pvid >= 1 && bv_vidset_count(&p->port.tagged) == 0);
	} else {
		FZ_ASSERT(p->port.pvid || bv_vidset_count(&p->port.tagged));
		FZ_ASSERT(!p->static_mac);
	}
}

static int parse(const uint8_t *data, size_t size, bool need_all,
		 struct bv_lv_domain *dom)
{
	char err[BV_LV_ERR_MAX];
	int ret = bv_domxml_parse((const char *)data, size, need_all, dom, err);

	FZ_ASSERT(ret == 0 || ret == -EINVAL);
	if (ret) {
		FZ_ASSERT(err[0] && memchr(err, 0, sizeof(err)));
		FZ_ASSERT(!dom->nr_ports && !dom->ports);
	}
	for (unsigned int i = 0; i < dom->nr_ports; i++)
		check_port(&dom->ports[i]);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bv_lv_domain strict, lenient;
	int s, l;

	s = parse(data, size, true, &strict);
	l = parse(data, size, false, &lenient);
	if (!s) {
		FZ_ASSERT(!l && strict.nr_ports == lenient.nr_ports);
		for (unsigned int i = 0; i < strict.nr_ports; i++)
			FZ_ASSERT(!memcmp(&strict.ports[i], &lenient.ports[i],
					  sizeof(strict.ports[i])));
	}
	bv_domxml_free(&strict);
	bv_domxml_free(&lenient);
	return 0;
}
