/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Reference model of bpfvlan's switching semantics (DESIGN §2, as
 * implemented): plain C, written from the rules, sharing nothing with the
 * BPF code but the names in maps/bpfvlan_maps.h (drop reasons, port modes,
 * limits). The packet tests and the differential fuzzer compare the real
 * programs against it.
 *
 * One call, bvm_switch(), takes a configuration, the FDB, an ingress port,
 * a frame and the time, and gives what leaves where (exact bytes), or why
 * nothing does; it updates the FDB as learning would. bvm_account() turns
 * that outcome into the per-port counters `bpfvlan stats` shows,
 * bvm_account_vlan() into the per-VLAN ones (`bpfvlan top`).
 */
#ifndef BV_MODEL_H
#define BV_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpfvlan_maps.h"
#include "bpfvlan_names.h"

#define BVM_ETH_HLEN		14
#define BVM_TAG_LEN		4
#define BVM_TPID_8021Q		0x8100
#define BVM_TPID_8021AD		0x88a8
#define BVM_TAGGED_MIN		20	/* shorter tagged frames are runts */
#define BVM_FRAME_MAX		4096	/* largest frame the model takes */

/* An `allow-ip` prefix: IPv6, IPv4 as ::ffff:a.b.c.d with plen + 96. */
struct bvm_prefix {
	uint8_t addr[16];
	uint8_t plen;
};

/* A port as configured (`bpfvlan attach`, `vlan add/del`). */
struct bvm_port {
	bool     used;		/* the slot holds a port */
	uint32_t ifindex;
	uint8_t  mode;		/* BV_MODE_ACCESS or BV_MODE_TRUNK */
	uint16_t pvid;		/* access VID, trunk native VID, 0 = none */
	uint32_t mtu;
	uint32_t learn_limit;	/* learned entries it may hold; 0 = no limit */
	bool     isolated;	/* `isolated on`: no traffic with isolated ports */
	bool     locked;	/* `locked on`: only static sources, no learning */
	/* `allow-ip`: checked when nr_allow > 0 */
	unsigned int nr_allow;
	struct bvm_prefix allow[BV_ALLOW_IP_MAX];
	uint8_t  vids[BV_NR_VIDS / 8];	/* member VIDs (the PVID included) */
};

struct bvm_config {
	struct bvm_port port[BV_MAX_PORTS];	/* by slot */
	uint64_t ageing_ns;
	uint32_t fdb_size;	/* entries the FDB can hold, static included */
	uint32_t learn_max;	/* learned entries it may hold (the rest: static) */
};

struct bvm_fdb_entry {
	uint16_t vid;
	uint8_t  mac[6];
	uint32_t ifindex;	/* port identity: slot + ifindex */
	uint16_t slot;
	bool     is_static;
	uint64_t updated_ns;	/* last time seen (monotonic coarse clock) */
};

struct bvm_fdb {
	struct bvm_fdb_entry *e;
	unsigned int n, cap;
};

enum bvm_verdict {
	BVM_DROP,		/* reason says why */
	BVM_TO_HOST,		/* link-local: up the ingress device's stack */
	BVM_FORWARD,		/* copies[] (some may be dropped as oversize) */
};

enum bvm_learn {
	BVM_LEARN_NONE,		/* no learning step (dropped before it) */
	BVM_LEARN_NEW,		/* new entry on the ingress port */
	BVM_LEARN_MOVED,	/* entry moved from another port */
	BVM_LEARN_REFRESHED,	/* timestamp updated */
	BVM_LEARN_KEPT,		/* already known here, seen < 1 s ago, or static */
	BVM_LEARN_FULL,		/* FDB full: not learned, frame goes on */
	BVM_LEARN_LIMIT,	/* port at its learn limit: not learned, goes on */
};

/* Which of the two egress forms a copy takes. */
enum bvm_form {
	BVM_UNTAGGED,		/* outer 802.1Q tag removed (if it had one) */
	BVM_TAGGED,		/* outer 802.1Q tag with the frame's TCI */
};

struct bvm_copy {
	uint16_t slot;
	uint8_t  form;		/* enum bvm_form */
	bool     oversize;	/* too large for the port: dropped, counted there */
};

struct bvm_result {
	uint8_t  verdict;	/* enum bvm_verdict */
	uint8_t  reason;	/* enum bv_drop_reason, DROP and TO_HOST */
	uint8_t  learn;		/* enum bvm_learn */
	bool     flood;		/* flooded (else known unicast): FORWARD, or
				 * DROP isolated when every other member is */
	uint16_t vid;		/* classified VID, once classified */
	uint16_t tci;		/* TCI of tagged copies: PCP/DEI kept, VID set */
	unsigned int nr_copies;
	struct bvm_copy copy[BV_MAX_PORTS];	/* by ascending slot */
	uint32_t len[2];			/* by enum bvm_form */
	uint8_t  bytes[2][BVM_FRAME_MAX + BVM_TAG_LEN];
};

/* Per-port counters, as in struct bv_port_stats (summed over CPUs). */
struct bvm_stats {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t drops[BV_DROP_MAX];
	uint64_t events[BV_EV_MAX];
};

/* Per-VLAN counters, as in struct bv_vlan_stats (summed over CPUs). */
struct bvm_vlan_stats {
	uint64_t rx_packets, rx_bytes, flood_packets;
	uint64_t drops[BV_VLAN_DROP_MAX];
};

/* Configuration helpers. learn_max: BV_FDB_LEARN_MAX(fdb_size). */
void bvm_config_init(struct bvm_config *cfg, uint64_t ageing_ns,
		     uint32_t fdb_size);
void bvm_port_access(struct bvm_config *cfg, unsigned int slot,
		     uint32_t ifindex, uint16_t vid, uint32_t mtu);
/* A trunk member of no VID yet; add them with bvm_port_vid(). */
void bvm_port_trunk(struct bvm_config *cfg, unsigned int slot,
		    uint32_t ifindex, uint16_t native, uint32_t mtu);
void bvm_port_vid(struct bvm_config *cfg, unsigned int slot, uint16_t vid,
		  bool member);
bool bvm_is_member(const struct bvm_port *p, unsigned int vid);

/* FDB helpers. 0 or -ENOMEM / -ENOSPC. */
int bvm_fdb_init(struct bvm_fdb *fdb, unsigned int cap);
void bvm_fdb_free(struct bvm_fdb *fdb);
struct bvm_fdb_entry *bvm_fdb_find(const struct bvm_fdb *fdb, uint16_t vid,
				   const uint8_t mac[6]);
/* Add or replace an entry (the harness's `fdb add`, or a stale entry). */
int bvm_fdb_put(struct bvm_fdb *fdb, const struct bvm_fdb_entry *e);
/* Learned entries held by the port in @slot (its own ifindex); all learned
 * entries for slot BV_MAX_PORTS.
 */
unsigned int bvm_fdb_learned(const struct bvm_config *cfg,
			     const struct bvm_fdb *fdb, unsigned int slot);
void bvm_fdb_del(struct bvm_fdb *fdb, uint16_t vid, const uint8_t mac[6]);

/*
 * Switch one frame of @len bytes arriving on port @in_slot at time @now.
 * Fills @res and updates @fdb. @len must be <= BVM_FRAME_MAX.
 */
void bvm_switch(const struct bvm_config *cfg, struct bvm_fdb *fdb,
		unsigned int in_slot, const uint8_t *frame, size_t len,
		uint64_t now, struct bvm_result *res);

/* Add the counters of that frame to @stats (indexed by slot). */
void bvm_account(const struct bvm_result *res, unsigned int in_slot,
		 size_t len, struct bvm_stats *stats);

/* Add the counters of that frame to @v, those of its VLAN (res->vid);
 * nothing for a frame dropped before classification (res->vid 0).
 */
void bvm_account_vlan(const struct bvm_result *res, size_t len,
		      struct bvm_vlan_stats *v);

/* Wire length of a copy's form, and the length an MTU check sees. */
uint32_t bvm_copy_len(const struct bvm_result *res, const struct bvm_copy *c);

const char *bvm_verdict_name(unsigned int verdict);

#endif /* BV_MODEL_H */
