#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# detach and unload leave nothing behind. After detach: no XDP program and
# no cls_bpf filter of bpfvlan on the device; the clsact qdisc removed if
# bpfvlan made it, kept if it was there before (with or without another
# filter) or got another filter meanwhile; TX VLAN offload of a veth back
# as it was. After unload: no pins under /sys/fs/bpf/bpfvlan/BRIDGE, every
# port detached, and every map and program of the bridge freed (by the ids
# recorded before). The same for a bridge in another namespace (-n).
# Only this test's own devices and bridges are looked at.

ALL_TESTS="detach_auto detach_mode_tc clsact_kept_with_filter
	   clsact_kept_empty clsact_kept_filter_added txvlan_left_off
	   unload_frees_all unload_netns unload_netns_gone"
source "$(dirname "$0")/lib.sh"

BRIDGE=ycl$ID
PIN=/sys/fs/bpf/bpfvlan
NS=ycns-$ID
TMP=

setup()
{
	TMP=$(mktemp -d) || exit 1
	defer rm -rf "$TMP"
	# Another user's tc program, to leave on clsact.
	cat >"$TMP/other.c" <<-'EOF'
	#include <linux/bpf.h>
	__attribute__((section("tc"), used))
	int yc_other(struct __sk_buff *skb) { return 0; }
	char _license[] __attribute__((section("license"), used)) = "GPL";
	EOF
	clang -O2 -target bpf -I"/usr/include/$(gcc -print-multiarch)" \
		-c "$TMP/other.c" -o "$TMP/other.o" || exit 1
	bridge_load || exit 1
	ns_create "$NS" || exit 1
}

# veth_add NAME [NS]: a veth pair NAME / NAMEp (in NS, or here), up,
# without IPv6.
veth_add()
{
	local ns=${2:-}

	in_ns "$ns" ip link add "$1" type veth peer name "${1}p" || return 1
	[ -z "$ns" ] && defer ip link del "$1"
	in_ns "$ns" sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1" \
		"net.ipv6.conf.${1}p.disable_ipv6=1"
	in_ns "$ns" ip link set "$1" up && in_ns "$ns" ip link set "${1}p" up
}

# in_ns NS CMD...: CMD in network namespace NS ("" = this one).
in_ns()
{
	local ns=$1; shift

	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$@"
	else
		"$@"
	fi
}

xdp_name()
{
	in_ns "${2:-}" ip -j link show "$1" | jq -r '.[0].xdp.prog.name // "none"'
}

# tc_progs DEV [NS]: names of the bpf filters at clsact ingress and egress.
tc_progs()
{
	local dir

	for dir in ingress egress; do
		in_ns "${2:-}" tc -j filter show dev "$1" "$dir" 2>/dev/null |
			jq -r '.[].options.prog.name // empty'
	done | sort | tr '\n' ' '
}

has_clsact()
{
	in_ns "${2:-}" tc -j qdisc show dev "$1" | jq -e 'any(.[]; .kind == "clsact")' >/dev/null
}

txvlan()
{
	in_ns "${2:-}" ethtool -k "$1" | awk '/^tx-vlan-offload:/ { print $2 }'
}

# txstag DEV [NS]: 802.1ad TX offload, which must come back as it was too.
txstag()
{
	in_ns "${2:-}" ethtool -k "$1" | awk '/^tx-vlan-stag-hw-insert:/ { print $2 }'
}

# attached DEV [NS]: bpfvlan's XDP (mode xdp) and TC programs are on DEV.
attached()
{
	[ "$(xdp_name "$1" "${2:-}")" = bv_xdp_port ] &&
		[[ "$(tc_progs "$1" "${2:-}")" == *bv_tc_ingress* ]]
}

# clean DEV [NS]: nothing of bpfvlan is left on DEV.
clean()
{
	local dev=$1 ns=${2:-} x t

	x=$(xdp_name "$dev" "$ns")
	[ "$x" = none ]
	check_err $? "$dev still has XDP program $x"
	t=$(tc_progs "$dev" "$ns")
	[[ "$t" != *bv_* ]]
	check_err $? "$dev still has a bpfvlan tc filter: $t"
	in_ns "$ns" bpftool -j net show dev "$dev" |
		jq -e '.[0].xdp == [] and all(.[0].tc[]; .name | startswith("bv_") | not)' >/dev/null
	check_err $? "bpftool net show still lists bpfvlan on $dev: $(in_ns "$ns" bpftool -j net show dev "$dev")"
}

detach_auto()
{
	local d=yca$ID stag

	veth_add "$d" || return 1
	[ "$(txvlan "$d")" = on ]
	check_err $? "veth $d starts with tx-vlan-offload $(txvlan "$d"), not on"
	stag=$(txstag "$d")
	bv attach "$d" access 10 mode xdp
	attached "$d" && has_clsact "$d" && [ "$(txvlan "$d")" = off ]
	check_err $? "after attach: XDP $(xdp_name "$d"), tc $(tc_progs "$d"), txvlan $(txvlan "$d")"
	bv detach "$d"
	check_err $? "detach $d failed"
	clean "$d"
	! has_clsact "$d"
	check_err $? "clsact that bpfvlan made is still on $d"
	[ "$(txvlan "$d")" = on ] && [ "$(txstag "$d")" = "$stag" ]
	check_err $? "TX VLAN offloads of $d not restored: ctag $(txvlan "$d"), stag $(txstag "$d") (was $stag)"
	! bv -j port show | jq -e --arg d "$d" 'any(.[]; .ifname == $d)' >/dev/null
	check_err $? "$d still in port show"
	log_test "cleanup: detach removes XDP, cls_bpf, clsact; restores txvlan"
}

detach_mode_tc()
{
	local d=ycb$ID

	veth_add "$d" || return 1
	bv attach "$d" trunk 10,20 mode tc
	[ "$(xdp_name "$d")" = none ] && [[ "$(tc_progs "$d")" == *bv_tc_ingress* ]]
	check_err $? "mode tc: XDP $(xdp_name "$d"), tc $(tc_progs "$d")"
	bv detach "$d"
	clean "$d"
	! has_clsact "$d" && [ "$(txvlan "$d")" = on ]
	check_err $? "mode tc detach left clsact or txvlan off"
	log_test "cleanup: detach of a mode tc port"
}

# other_filter DEV DIR: another user's cls_bpf filter.
other_filter()
{
	tc filter add dev "$1" "$2" pref 1 bpf da obj "$TMP/other.o" sec tc
}

clsact_kept_with_filter()
{
	local d=ycc$ID

	veth_add "$d" || return 1
	tc qdisc add dev "$d" clsact && other_filter "$d" ingress ||
		check_err 1 "cannot set up clsact with a filter on $d"
	bv attach "$d" access 10 mode xdp
	attached "$d"
	check_err $? "attach next to another filter failed: $(tc_progs "$d")"
	bv detach "$d"
	clean "$d"
	has_clsact "$d"
	check_err $? "clsact that was there before was removed from $d"
	[ "$(tc_progs "$d")" = "yc_other " ]
	check_err $? "the other filter on $d is not intact: $(tc_progs "$d")"
	log_test "cleanup: clsact with another filter kept, that filter intact"
}

clsact_kept_empty()
{
	local d=ycd$ID

	veth_add "$d" || return 1
	tc qdisc add dev "$d" clsact || check_err 1 "tc qdisc add clsact failed"
	bv attach "$d" access 10 mode xdp
	bv detach "$d"
	clean "$d"
	has_clsact "$d"
	check_err $? "clsact that bpfvlan did not make was removed from $d"
	log_test "cleanup: a clsact that was there before (empty) is kept"
}

clsact_kept_filter_added()
{
	local d=yce$ID

	veth_add "$d" || return 1
	bv attach "$d" access 10 mode xdp
	other_filter "$d" egress || check_err 1 "cannot add a filter on $d"
	bv detach "$d"
	clean "$d"
	has_clsact "$d" && [ "$(tc_progs "$d")" = "yc_other " ]
	check_err $? "clsact with a filter added while attached was removed from $d"
	log_test "cleanup: clsact kept if another filter was added meanwhile"
}

txvlan_left_off()
{
	local d=ycf$ID

	veth_add "$d" || return 1
	ethtool -K "$d" txvlan off
	bv attach "$d" access 10 mode xdp
	bv detach "$d"
	[ "$(txvlan "$d")" = off ]
	check_err $? "detach turned tx-vlan-offload of $d on; it was off before attach"
	log_test "cleanup: txvlan that was off before attach stays off"
}

# ids_of BRIDGE: ids of the bridge's maps (pinned, and the per-VLAN flood
# maps inside bv_flood), then "--", then the programs using any of them.
ids_of()
{
	local dir=$PIN/$1 f maps h

	maps=$(for f in "$dir"/bv_*; do
		bpftool -j map show pinned "$f" | jq .id
	done
	bpftool -j map dump pinned "$dir/bv_flood" |
		jq -r '.[].value | reverse | map(ltrimstr("0x")) | join("")' |
		while read -r h; do echo $((16#$h)); done)
	maps=$(printf '%s\n' "$maps" | tr '\n' ' ')
	printf '%s\n--\n' "$maps"
	bpftool -j prog show | jq --argjson ids "[$(printf '%s' "${maps% }" | tr ' ' ,)]" \
		'.[] | select(any(.map_ids[]?; . as $m | $ids | index($m) != null)) | .id'
}

# none_left IDS: no map or prog of IDS ("maps -- progs") exists any more.
none_left()
{
	local kind=map id

	for id in $1; do
		if [ "$id" = -- ]; then
			kind=prog
			continue
		fi
		bpftool "$kind" show id "$id" >/dev/null 2>&1 && return 1
	done
	return 0
}

# still_there IDS: those still alive, for the message.
still_there()
{
	local kind=map id

	for id in $1; do
		[ "$id" = -- ] && kind=prog && continue
		bpftool "$kind" show id "$id" >/dev/null 2>&1 && printf '%s %s ' "$kind" "$id"
	done
}

# check_unload BVCMD BRIDGE NS DEVS...: attach DEVS, unload, check.
check_unload()
{
	local bvc=$1 br=$2 ns=$3 ids n d; shift 3

	ids=$(ids_of "$br")
	# 9 pinned maps + flood maps; 4 pinned programs + the ageing timer's.
	n=$(echo "$ids" | sed -n '1p' | wc -w)
	[ "$n" -ge 10 ]
	check_err $? "too few maps found for $br ($n): $ids"
	n=$(echo "$ids" | sed '1,/^--$/d' | wc -w)
	[ "$n" -ge 5 ]
	check_err $? "too few programs found for $br ($n): $ids"
	$bvc unload
	check_err $? "unload of $br failed"
	[ ! -e "$PIN/$br" ]
	check_err $? "$PIN/$br still exists: $(ls "$PIN/$br" 2>&1)"
	for d in "$@"; do
		clean "$d" "$ns"
		! has_clsact "$d" "$ns"
		check_err $? "clsact left on $d after unload"
		[ "$(txvlan "$d" "$ns")" = on ] && [ "$(txstag "$d" "$ns")" = on ]
		check_err $? "TX VLAN offloads of $d not restored by unload"
	done
	# Maps and programs are freed asynchronously once the last pin goes.
	busywait 5000 none_left "$ids"
	check_err $? "still alive after unload: $(still_there "$ids")"
}

unload_frees_all()
{
	local br=ycu$ID u1=ycu1$ID u2=ycu2$ID u3=ycu3$ID

	veth_add "$u1" && veth_add "$u2" && veth_add "$u3" || return 1
	"$BV_BIN" -b "$br" load || { check_err 1 "load $br failed"; return; }
	defer "$BV_BIN" -b "$br" unload
	"$BV_BIN" -b "$br" attach "$u1" access 10 mode xdp &&
	"$BV_BIN" -b "$br" attach "$u2" trunk 10,20,4094 native 30 mode xdp &&
	"$BV_BIN" -b "$br" attach "$u3" access 20 mode tc &&
	"$BV_BIN" -b "$br" fdb add 02:79:63:00:00:01 dev "$u1" vid 10
	check_err $? "setting up bridge $br failed"
	attached "$u1" && attached "$u2"
	check_err $? "ports of $br not attached"
	check_unload "$BV_BIN -b $br" "$br" "" "$u1" "$u2" "$u3"
	log_test "cleanup: unload detaches every port, unpins, frees maps and programs"
}

unload_netns()
{
	local br=ycn$ID n1=ycn1$ID n2=ycn2$ID bvn

	bvn="$BV_BIN -n $NS -b $br"
	veth_add "$n1" "$NS" && veth_add "$n2" "$NS" || return 1
	$bvn load || { check_err 1 "load -n $NS failed"; return; }
	defer "$bvn" unload
	$bvn attach "$n1" access 10 mode xdp && $bvn attach "$n2" trunk 10,20 mode xdp
	check_err $? "attach in $NS failed"
	[ -e "$PIN/$br/bv_fdb" ]
	check_err $? "bridge of -n $NS not pinned in the caller's bpffs"
	attached "$n1" "$NS" && attached "$n2" "$NS"
	check_err $? "ports in $NS not attached"
	"$BV_BIN" -b "$br" port show >/dev/null 2>&1
	check_fail $? "bridge of $NS usable without -n"

	$bvn detach "$n2"
	check_err $? "detach in $NS failed"
	clean "$n2" "$NS"
	! has_clsact "$n2" "$NS" && [ "$(txvlan "$n2" "$NS")" = on ]
	check_err $? "detach in $NS left clsact or txvlan off on $n2"
	check_unload "$bvn" "$br" "$NS" "$n1" "$n2"
	log_test "cleanup: -n NETNS: detach and unload leave nothing"
}

# A bridge whose namespace was deleted (its veth ports went with it): other
# commands say so and change nothing; unload removes its pins. A new
# namespace (which may reuse the old one's inode) is not confused with it.
unload_netns_gone()
{
	local ns="ycg$ID" br="ycg$ID" out rc

	ip netns add "$ns" || exit 1
	defer ip netns del "$ns"
	defer "$BV_BIN" -b "$br" unload
	ip -n "$ns" link add ycgp type veth peer name ycgq &&
	ip -n "$ns" link set ycgp up && ip -n "$ns" link set ycgq up &&
	"$BV_BIN" -n "$ns" -b "$br" load &&
	"$BV_BIN" -n "$ns" -b "$br" attach ycgp access 10 mode xdp
	check_err $? "cannot set up the bridge in $ns"
	ip netns del "$ns"

	ip netns add "$ns" && ip -n "$ns" link add ycgp type veth peer name ycgq
	check_err $? "cannot make the second namespace"
	out=$("$BV_BIN" -n "$ns" -b "$br" port show 2>&1)
	rc=$?
	[ $rc -eq 1 ] && grep -q "namespace of bridge $br is gone" <<<"$out"
	check_err $? "port show of the orphan: rc $rc: $out"
	out=$("$BV_BIN" -n "$ns" -b "yco$ID" load 2>&1 &&
	      "$BV_BIN" -n "$ns" -b "yco$ID" attach ycgp access 10 2>&1)
	check_err $? "a port of the dead namespace's bridge blocked a new one: $out"
	"$BV_BIN" -n "$ns" -b "yco$ID" unload
	out=$("$BV_BIN" -b "$br" unload 2>&1)
	check_err $? "unload of the orphan failed: $out"
	[ ! -e "/sys/fs/bpf/bpfvlan/$br" ]
	check_err $? "the orphan's pins are still there"
	log_test "cleanup: unload of a bridge whose namespace is gone"
}

run_tests --veth-xdp ip jq ethtool tc bpftool clang gcc
