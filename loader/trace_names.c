// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* `bpfvlan trace`'s words for what the programs recorded (bpfvlan/trace.h). */
#include "bpfvlan/trace.h"

static const char *const path_names[] = {
	[BV_TRACE_PATH_XDP]	= "xdp",
	[BV_TRACE_PATH_XDP_TC]	= "xdp-tc",
	[BV_TRACE_PATH_TC]	= "tc",
	[BV_TRACE_PATH_KERNEL]	= "kernel",
};

static const char *const xdp_names[] = {
	[BV_TRACE_XDP_DROP]		= "drop",
	[BV_TRACE_XDP_REDIRECT]		= "redirect",
	[BV_TRACE_XDP_BROADCAST]	= "broadcast",
	[BV_TRACE_XDP_TC_LOCAL]		= "to_tc_link_local",
	[BV_TRACE_XDP_TC_EGRESS]	= "to_tc_egress_without_xdp",
	[BV_TRACE_XDP_TC_CSUM]		= "to_tc_checksum_offload",
	[BV_TRACE_XDP_TC_FLOOD]		= "to_tc_vlan_not_xdp_floodable",
	[BV_TRACE_XDP_TC_ISOLATED]	= "to_tc_isolated_flood",
	[BV_TRACE_XDP_TC_NO_DEVMAP]	= "to_tc_no_flood_devmap",
	[BV_TRACE_XDP_TC_MIRROR]	= "to_tc_mirror",
};

static const char *const learn_names[] = {
	[BV_TRACE_LEARN_NONE]		= "none",
	[BV_TRACE_LEARN_LOCKED]		= "locked",
	[BV_TRACE_LEARN_CACHED]		= "cached",
	[BV_TRACE_LEARN_NEW]		= "new",
	[BV_TRACE_LEARN_REFRESH]	= "refresh",
	[BV_TRACE_LEARN_KNOWN]		= "known",
	[BV_TRACE_LEARN_MOVE]		= "move",
	[BV_TRACE_LEARN_STATIC]		= "static",
	[BV_TRACE_LEARN_STATIC_MOVE]	= "static_move",
	[BV_TRACE_LEARN_LIMIT]		= "learn_limit",
	[BV_TRACE_LEARN_FULL]		= "fdb_full",
	[BV_TRACE_LEARN_BUSY]		= "ageing_out",
};

static const char *const action_names[] = {
	[BV_TRACE_ACT_DROP]	= "drop",
	[BV_TRACE_ACT_LOCAL]	= "to_host",
	[BV_TRACE_ACT_UNICAST]	= "unicast",
	[BV_TRACE_ACT_FLOOD]	= "flood",
};

#define NAME_OF(tab, i) \
	((i) < sizeof(tab) / sizeof((tab)[0]) && (tab)[i] ? (tab)[i] : "unknown")

const char *bv_trace_path_name(unsigned int path)
{
	return NAME_OF(path_names, path);
}

const char *bv_trace_xdp_name(unsigned int xdp)
{
	return NAME_OF(xdp_names, xdp);
}

const char *bv_trace_learn_name(unsigned int learn)
{
	return NAME_OF(learn_names, learn);
}

const char *bv_trace_action_name(unsigned int action)
{
	return NAME_OF(action_names, action);
}
