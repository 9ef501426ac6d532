// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Learned MACs of the Linux bridge and of bpfvlan (see fdbs.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/fdb.h"
#include "fdbs.h"

/* ---- Linux bridge ----------------------------------------------------- */

static struct nl_sock *sk;

int or_lbr_open(void)
{
	int err;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err) {
		nl_socket_free(sk);
		sk = NULL;
		fprintf(stderr, "bvoracle: rtnetlink: %s\n", nl_geterror(err));
		return -EIO;
	}
	return 0;
}

void or_lbr_close(void)
{
	nl_socket_free(sk);
	sk = NULL;
}

/* Send @msg (freed), wait for the ack: 0, -ENOENT or -EIO. */
static int request(struct nl_msg *msg, const char *what)
{
	int err = nl_send_sync(sk, msg);

	if (err == -NLE_OBJ_NOTFOUND)
		return -ENOENT;
	if (err) {
		fprintf(stderr, "bvoracle: %s: %s\n", what, nl_geterror(err));
		return -EIO;
	}
	return 0;
}

/* `ip link set BR type bridge fdb_flush`: the learned entries go. */
int or_lbr_flush(int br)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = br };
	struct nlattr *info, *data;
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) ||
	    !(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
	    nla_put_string(msg, IFLA_INFO_KIND, "bridge") ||
	    !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
	    nla_put_flag(msg, IFLA_BR_FDB_FLUSH)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return request(msg, "Linux bridge FDB flush");
}

/* `bridge fdb del MAC dev PORT vlan VID master` */
static int lbr_del_on(int port, const uint8_t mac[6], uint16_t vid)
{
	struct ndmsg ndm = {
		.ndm_family = AF_BRIDGE,
		.ndm_ifindex = port,
		.ndm_flags = NTF_MASTER,
	};
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_DELNEIGH, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ndm, sizeof(ndm), NLMSG_ALIGNTO) ||
	    nla_put(msg, NDA_LLADDR, 6, mac) ||
	    nla_put_u16(msg, NDA_VLAN, vid)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return request(msg, "Linux bridge FDB delete");
}

int or_lbr_del(const struct or_ports *ports, const struct bvm_config *cfg,
	       const uint8_t mac[6], uint16_t vid)
{
	for (unsigned int i = 0; i < ports->n; i++) {
		int err;

		if (!bvm_is_member(&cfg->port[i], vid))
			continue;
		err = lbr_del_on(ports->ifindex[i], mac, vid);
		if (err != -ENOENT)
			return err;
	}
	return 0;
}

static int port_of(const struct or_ports *ports, int ifindex)
{
	for (unsigned int i = 0; i < ports->n; i++)
		if (ports->ifindex[i] == ifindex)
			return (int)i;
	return -1;
}

struct dump {
	int br;
	const struct or_ports *ports;
	struct bvm_fdb *out;
	int err;
};

static int dump_entry(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct ndmsg *ndm = nlmsg_data(nlh);
	struct nlattr *tb[NDA_MAX + 1];
	struct dump *d = arg;
	struct bvm_fdb_entry e = {};
	int port;

	if (nlh->nlmsg_type != RTM_NEWNEIGH ||
	    nlmsg_parse(nlh, sizeof(*ndm), tb, NDA_MAX, NULL) < 0)
		return NL_SKIP;
	if (ndm->ndm_family != AF_BRIDGE || !tb[NDA_MASTER] ||
	    nla_get_u32(tb[NDA_MASTER]) != (uint32_t)d->br ||
	    !tb[NDA_LLADDR] || nla_len(tb[NDA_LLADDR]) != 6 ||
	    (ndm->ndm_state & (NUD_PERMANENT | NUD_NOARP)))
		return NL_SKIP;		/* not learned on this bridge */
	port = port_of(d->ports, ndm->ndm_ifindex);
	if (port < 0)
		return NL_SKIP;
	e.vid = tb[NDA_VLAN] ? nla_get_u16(tb[NDA_VLAN]) : 0;
	memcpy(e.mac, nla_data(tb[NDA_LLADDR]), 6);
	e.slot = port;
	e.ifindex = ndm->ndm_ifindex;
	if (bvm_fdb_put(d->out, &e))
		d->err = -ENOSPC;
	return NL_OK;
}

int or_lbr_dump(int br, const struct or_ports *ports, struct bvm_fdb *out)
{
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE };
	struct dump d = { .br = br, .ports = ports, .out = out };
	int err;

	out->n = 0;
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, dump_entry, &d);
	err = nl_send_simple(sk, RTM_GETNEIGH, NLM_F_DUMP, &ndm, sizeof(ndm));
	if (err >= 0)
		err = nl_recvmsgs_default(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_DEFAULT, NULL, NULL);
	if (err < 0) {
		fprintf(stderr, "bvoracle: Linux bridge FDB dump: %s\n",
			nl_geterror(err));
		return -EIO;
	}
	return d.err;
}

/* ---- bpfvlan ---------------------------------------------------------- */

int or_bv_open(const char *name, struct bv_bridge **br)
{
	return bv_bridge_open_fresh(name, br);
}

void or_bv_close(struct bv_bridge *br)
{
	if (br)
		bv_bridge_close(br);
}

int or_bv_flush(struct bv_bridge *br)
{
	struct bv_fdb_filter all = {};
	size_t n;

	return bv_fdb_flush(br, &all, &n);
}

int or_bv_del(struct bv_bridge *br, const uint8_t mac[6], uint16_t vid)
{
	int err = bv_fdb_del(br, mac, vid);

	return err == -ENOENT ? 0 : err;
}

int or_bv_dump(struct bv_bridge *br, const struct or_ports *ports,
	       struct bvm_fdb *out)
{
	struct bv_fdb_filter all = {};
	struct bv_fdb_rec *recs = NULL;
	size_t n = 0;
	int err;

	out->n = 0;
	err = bv_fdb_dump(br, &all, &recs, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct bvm_fdb_entry e = {
			.vid = recs[i].key.vid,
			.ifindex = recs[i].e.ifindex,
			.is_static = recs[i].e.flags & BV_FDB_F_STATIC,
		};
		int port = port_of(ports, recs[i].e.ifindex);

		if (port < 0)
			continue;
		e.slot = port;
		memcpy(e.mac, recs[i].key.mac, 6);
		err = bvm_fdb_put(out, &e);
	}
	free(recs);
	return err;
}
