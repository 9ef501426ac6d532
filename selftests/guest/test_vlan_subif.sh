#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The construction bpfvlan replaces, side by side with bpfvlan (runs in a
# guest kernel with 8021q: `make check-kernels`; skips where the kernel
# lacks it). Two worlds with the same VMs and the same far side:
#
#   classic: hypervisor namespace with trunk eth0, its sub-interfaces
#            eth0.10 and eth0.20, bridges brvlan10 (eth0.10, vnet1,
#            vnet2), brvlan20 (eth0.20, vnet3) and brvlan30 (eth0 itself:
#            the untagged traffic, vnet4);
#   bpfvlan: hypervisor namespace with trunk eth0 `trunk 10,20 native 30`,
#            vnet1 and vnet2 `access 10`, vnet3 `access 20`, vnet4
#            `access 30`.
#
# VMs vm1..vm4 are namespaces behind vnet1..4. The far end of the trunk is
# a remote host with real 8021q devices: eth0.10, eth0.20 and eth0.40 of
# its eth0, each moved into a namespace of its own (f10, f20, f40), and
# eth0 itself untagged (f30). All eight have an address in one /24, so a
# ping across VLANs would find its peer by ARP if frames crossed. Every
# endpoint pings every other one (build/bvreach: ICMP echo through its own
# stack, ARP included), and the two matrices must both equal the expected
# one: reachable exactly within VLANs 10, 20 and 30; f40's VLAN is not on
# the trunk.

ALL_TESTS="same_reachability"
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

BVREACH=${BVREACH:-$BUILD/bvreach}
WORLDS="c b"			# classic, bpfvlan
HOSTS="vm1 vm2 vm3 vm4 f10 f20 f30 f40"
BVB=vs$ID

declare -A VLAN=([vm1]=10 [vm2]=10 [vm3]=20 [vm4]=30
		 [f10]=10 [f20]=20 [f30]=30 [f40]=40)
declare -A ADDR=([vm1]=1 [vm2]=2 [vm3]=3 [vm4]=4
		 [f10]=110 [f20]=120 [f30]=130 [f40]=140)

# NS[WORLD NAME]: the namespaces of this test.
declare -A NS
for w in $WORLDS; do
	for n in hv far vm1 vm2 vm3 vm4 f10 f20 f40; do
		NS[$w $n]=vs-$w-$n-$ID
	done
done

# netns add|del: every namespace, one ip process.
netns()
{
	printf "netns $1 %s\n" "${NS[@]}" | ip -force -batch -
}

# The hypervisor's links: the trunk to the far side and a veth per VM
# (eth0 in the VM). The classic world adds sub-interfaces and bridges.
hv_lines()
{
	local w=$1 i

	echo "link add eth0 type veth peer name eth0 netns ${NS[$w far]}"
	echo "link set eth0 up"
	for i in 1 2 3 4; do
		echo "link add vnet$i type veth peer name eth0 netns ${NS[$w vm$i]}"
	done
	if [ "$w" = c ]; then
		echo "link add link eth0 name eth0.10 type vlan id 10"
		echo "link add link eth0 name eth0.20 type vlan id 20"
		for i in 10 20 30; do
			echo "link add brvlan$i type bridge"
			echo "link set brvlan$i up"
		done
		echo "link set eth0.10 master brvlan10"
		echo "link set eth0.20 master brvlan20"
		echo "link set eth0 master brvlan30"
		echo "link set vnet1 master brvlan10"
		echo "link set vnet2 master brvlan10"
		echo "link set vnet3 master brvlan20"
		echo "link set vnet4 master brvlan30"
		echo "link set eth0.10 up"
		echo "link set eth0.20 up"
	fi
	for i in 1 2 3 4; do
		echo "link set vnet$i up"
	done
}

# The far side: eth0.N for each VLAN, moved into its host's namespace.
far_lines()
{
	local w=$1 v

	for v in 10 20 40; do
		echo "link add link eth0 name eth0.$v type vlan id $v"
		echo "link set eth0.$v netns ${NS[$w f$v]}"
	done
	echo "link set eth0 up"
}

setup()
{
	local w err

	netns add || exit 1
	defer netns del
	for w in $WORLDS; do
		if ! err=$(hv_lines "$w" | ip -n "${NS[$w hv]}" -batch - 2>&1) ||
		   ! err=$(far_lines "$w" | ip -n "${NS[$w far]}" -batch - 2>&1); then
			if [[ $err == *"Unknown device type"* ]]; then
				skip_test 8021q "no 8021q in $(uname -r): ${err%%$'\n'*}"
			fi
			echo "FAIL: $err"
			exit 1
		fi
	done
	defer "$BV_BIN" -n "${NS[b hv]}" -b "$BVB" unload
	"$BV_BIN" -n "${NS[b hv]}" -b "$BVB" apply -f /dev/stdin <<-EOF >/dev/null || exit 1
	port eth0 trunk 10,20 native 30
	port vnet1 access 10
	port vnet2 access 10
	port vnet3 access 20
	port vnet4 access 30
	EOF
	log_info "set up in $SECONDS s"
}

# endpoint WORLD HOST: bvreach's LABEL=NETNS/DEV/ADDR/PREFIX of HOST,
# added to ARGS.
endpoint()
{
	local w=$1 h=$2 ns dev=eth0

	case $h in
	vm*) ns=${NS[$w $h]} ;;
	f30) ns=${NS[$w far]} ;;
	f*) ns=${NS[$w $h]} dev=eth0.${h#f} ;;
	esac
	ARGS+=("$w.$h=$ns/$dev/10.9.0.${ADDR[$h]}/24")
}

declare -A REACHED	# "WORLD FROM TO" -> 1 or 0, as bvreach printed
ARGS=()			# bvreach's arguments

# row VAR WORLD FROM: into VAR, the hosts FROM reached in WORLD.
row()
{
	local b text=

	for b in $HOSTS; do
		[ "${REACHED[$2 $3 $b]:-}" = 1 ] && text="$text $b"
	done
	printf -v "$1" '%s' "${text:- none}"
}

# want VAR FROM: into VAR, the other hosts of FROM's VLAN.
want()
{
	local b text=

	for b in $HOSTS; do
		[ "$b" != "$2" ] && [ "${VLAN[$b]}" = "${VLAN[$2]}" ] &&
			text="$text $b"
	done
	printf -v "$1" '%s' "${text:- none}"
}

same_reachability()
{
	local w h a b r c_row b_row w_row

	RET=0
	ARGS=()
	for w in $WORLDS; do
		[ "$w" = b ] && ARGS+=(--)
		for h in $HOSTS; do
			endpoint "$w" "$h"
		done
	done
	while read -r a b r; do
		REACHED[${a%%.*} ${a#*.} ${b#*.}]=$r
	done < <("$BVREACH" "${ARGS[@]}")
	[ ${#REACHED[@]} -eq 112 ]
	check_err $? "bvreach gave ${#REACHED[@]} of 2 x 8 x 7 pairs"
	for a in $HOSTS; do
		row c_row c "$a"
		row b_row b "$a"
		want w_row "$a"
		log_info "$a (VLAN ${VLAN[$a]}) reaches: classic$c_row; bpfvlan$b_row"
		[ "$c_row" = "$b_row" ]
		check_err $? "from $a, classic and bpfvlan reach different hosts"
		[ "$c_row" = "$w_row" ]
		check_err $? "from $a, the classic world reaches not$w_row"
		[ "$b_row" = "$w_row" ]
		check_err $? "from $a, bpfvlan reaches not$w_row"
	done
	log_test "vlan subif: classic eth0.N + brvlanN and bpfvlan reach the same, per VLAN"
}

require_root
require_cmd ip
require_built
require_tool "$BVREACH"
setup
tests_run
log_info "$SECONDS s in all"
