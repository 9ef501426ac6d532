#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Packaging: `make install` with PREFIX and DESTDIR puts down the binary,
# the libvirt hook (and its qemu.d link), the systemd unit (paths as
# PREFIX says), the man page, bash completion and the example config; the
# installed programs run; the man page documents every command `bpfvlan
# help` lists and renders without warnings; completion offers the right
# words; `make uninstall` removes exactly what install made.

ALL_TESTS="install_layout installed_programs_run installed_no_test_hooks
	   man_page_complete completion_words uninstall_removes_all"
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$SELFTESTS/.." && pwd)
DEST=
PFX=/opt/bv$ID			# a PREFIX no default would produce

setup()
{
	DEST=$(mktemp -d) || exit 1
	defer rm -rf "$DEST"
	make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$PFX" DESTDIR="$DEST" \
		install >"$DEST.log" 2>&1
	local rc=$?
	defer rm -f "$DEST.log"
	if [ $rc -ne 0 ]; then
		echo "FAIL: make install: $(tail -5 "$DEST.log")"
		EXIT_STATUS=1
		exit 1
	fi
}

# has FILE MODE: FILE under DESTDIR is a regular file with MODE.
has()
{
	[ -f "$DEST$1" ] && [ "$(stat -c %a "$DEST$1")" = "$2" ]
	check_err $? "$1: missing or mode $(stat -c %a "$DEST$1" 2>/dev/null), want $2"
}

install_layout()
{
	local unit=$DEST$PFX/lib/systemd/system/bpfvlan@.service link

	has "$PFX/sbin/bpfvlan" 755
	has "$PFX/libexec/bpfvlan/libvirt-hook" 755
	has "$PFX/share/man/man8/bpfvlan.8" 644
	has "$PFX/lib/systemd/system/bpfvlan@.service" 644
	has "$PFX/share/bash-completion/completions/bpfvlan" 644
	has "$PFX/share/doc/bpfvlan/bv0.conf.example" 644
	[ -d "$DEST/etc/bpfvlan" ] && [ -z "$(ls -A "$DEST/etc/bpfvlan")" ]
	check_err $? "/etc/bpfvlan not made empty"
	link=$(readlink "$DEST/etc/libvirt/hooks/qemu.d/bpfvlan")
	[ "$link" = "$PFX/libexec/bpfvlan/libvirt-hook" ]
	check_err $? "qemu.d/bpfvlan points at \"$link\""
	grep -qx "ExecStart=$PFX/sbin/bpfvlan -b %i monitor" "$unit" &&
		grep -qx "ExecStartPre=$PFX/sbin/bpfvlan -b %i apply -f /etc/bpfvlan/%i.conf" "$unit"
	check_err $? "the unit does not run $PFX/sbin/bpfvlan: $(grep ^Exec "$unit")"
	! grep -q '@[A-Z]*@' "$unit"
	check_err $? "placeholders left in the unit: $(grep '@[A-Z]*@' "$unit")"
	log_test "install: every file where PREFIX and DESTDIR say, the unit's paths too"
}

installed_programs_run()
{
	local bin=$DEST$PFX/sbin/bpfvlan hook=$DEST$PFX/libexec/bpfvlan/libvirt-hook
	local out

	out=$("$bin" --version)
	check_err $? "installed bpfvlan --version failed"
	grep -q "^bpfvlan " <<<"$out"
	check_err $? "--version printed: $out"
	# A phase the hook does not act on: exit 0, nothing read or changed.
	"$hook" "vm$ID" prepare begin - </dev/null
	check_err $? "installed hook failed on a phase it ignores"
	out=$("$hook" "vm$ID" start begin - <<<"<domain" 2>&1)
	[ $? -ne 0 ] && grep -q "bpfvlan" <<<"$out"
	check_err $? "installed hook accepted bad XML at start: $out"
	log_test "install: the installed bpfvlan and libvirt hook run"
}

# The test hooks (BPFVLAN_TEST_FAIL_STEP) are in the test build only: the
# installed bpfvlan has no trace of them and applies as if unset, where
# the test build fails as asked.
installed_no_test_hooks()
{
	local bin=$DEST$PFX/sbin/bpfvlan br=bvti$ID tap=bvti$ID conf out

	! grep -q 'BPFVLAN_TEST_FAIL_STEP\|BPFVLAN_TEST_UPGRADE' "$bin"
	check_err $? "the installed bpfvlan holds BPFVLAN_TEST_FAIL_STEP or BPFVLAN_TEST_UPGRADE_*"
	conf=$(mktemp) && defer rm -f "$conf" && tap_add "$tap" &&
		printf 'port %s access 10\n' "$tap" >"$conf"
	check_err $? "setup: $tap, $conf"
	defer "$bin" -b "$br" unload
	out=$(BPFVLAN_TEST_FAIL_STEP=1 "$BV_TEST_BIN" -b "$br" apply -f "$conf" 2>&1)
	[ $? -eq 1 ] && [ ! -e "/sys/fs/bpf/bpfvlan/$br" ]
	check_err $? "the test build did not fail at step 1 as asked: $out"
	out=$(BPFVLAN_TEST_FAIL_STEP=1 "$bin" -b "$br" apply -f "$conf" 2>&1)
	check_err $? "the installed bpfvlan failed with BPFVLAN_TEST_FAIL_STEP=1: $out"
	"$bin" -b "$br" -j port show | jq -e --arg t "$tap" 'any(.[]; .ifname == $t)' >/dev/null
	check_err $? "the installed bpfvlan did not apply: $("$bin" -b "$br" port show)"
	out=$(BPFVLAN_TEST_UPGRADE_FAIL_STEP=1 "$BV_TEST_BIN" -b "$br" upgrade 2>&1)
	[ $? -eq 1 ] && grep -q "step 1 .*injected by a test" <<<"$out"
	check_err $? "the test build did not fail its upgrade at step 1 as asked: $out"
	out=$(BPFVLAN_TEST_UPGRADE_FAIL_STEP=1 "$bin" -b "$br" upgrade 2>&1)
	check_err $? "the installed bpfvlan failed an upgrade with BPFVLAN_TEST_UPGRADE_FAIL_STEP=1: $out"
	"$bin" -b "$br" unload
	log_test "install: the installed bpfvlan has no test hook (BPFVLAN_TEST_FAIL_STEP, BPFVLAN_TEST_UPGRADE_*)"
}

# Every command of `bpfvlan help` ("port set", "apply", ...) has its
# entry in COMMANDS of the man page, and the page renders cleanly.
man_page_complete()
{
	local page=$DEST$PFX/share/man/man8/bpfvlan.8 cmd sec warn missing=

	while read -r cmd; do
		# the entries' headings: the line after each .TP
		awk '/^\.SH COMMANDS/, /^\.SH CONFIGURATION/ {
			if (tp) print; tp = /^\.TP/ }' "$page" |
			grep -q "^\.B $cmd\( \|$\)" || missing+=" [$cmd]"
	done < <("$BV_BIN" help | awk '/^Commands:/ { on = 1; next }
		/^$/ { on = 0 }
		on && /^  [a-z]/ && $1 != "help" {
			if ($1 == "port" || $1 == "show") print $1 " " $2
			else print $1 }' | sort -u)
	[ -z "$missing" ]
	check_err $? "commands without an entry in bpfvlan(8):$missing"
	for sec in SYNOPSIS COMMANDS "CONFIGURATION FILE" SYSTEMD "LIBVIRT HOOK" \
		   JSON "EXIT STATUS" FILES; do
		grep -q "^\.SH $sec$" "$page"
		check_err $? "bpfvlan(8) has no $sec section"
	done
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	[ -z "$warn" ]
	check_err $? "man --warnings: $warn"
	log_test "install: bpfvlan(8) has every command and section, renders cleanly"
}

# complete_words LINE...: what completion offers for the last word of LINE
# (the words given; an empty last word completes from scratch).
complete_words()
{
	(
		source "$DEST$PFX/share/bash-completion/completions/bpfvlan"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_bpfvlan
		printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
	)
}

# want "LINE" "WORDS": completing LINE (its last word may be "") gives WORDS.
want()
{
	local got

	# shellcheck disable=SC2086
	got=$(complete_words $1 "")
	[ "$got" = "$2 " ]
	check_err $? "completing \"$1 \": got [$got], want [$2]"
}

completion_words()
{
	local dev=cp$ID

	ip link add "$dev" type veth peer name "cq$ID" || exit 1
	defer ip link del "$dev"
	want "bpfvlan" "apply attach detach fdb help load mirror monitor port show stats top trace unload upgrade vlan"
	want "bpfvlan mirror" "add del show"
	want "bpfvlan mirror add m1" "dev to vid"
	want "bpfvlan mirror add m1 dev $dev" "both egress ingress to vid"
	want "bpfvlan mirror add m1 dev $dev egress" "to vid"
	want "bpfvlan mirror add m1 vid 10" "dev to"
	want "bpfvlan port" "add del set show"
	want "bpfvlan fdb" "add del flush show"
	want "bpfvlan fdb show" "all dev vid vlan"
	want "bpfvlan fdb show vlan 10" "all dev"
	want "bpfvlan show" "config"
	want "bpfvlan attach $dev" "access trunk"
	want "bpfvlan attach $dev trunk 10" "allow-ip isolated learn-limit locked mode native owner"
	want "bpfvlan attach $dev access 10 allow-ip" "any"
	want "bpfvlan attach $dev access 10 isolated" "off on"
	want "bpfvlan port set $dev" "allow-ip isolated learn-limit locked"
	want "bpfvlan attach $dev access 10 mode" "auto tc xdp"
	want "bpfvlan attach $dev access 10 owner" "config hook manual"
	want "bpfvlan port add mgmt0" "internal"
	want "bpfvlan port add mgmt0 internal 10 mtu 9000" "mac"
	want "bpfvlan vlan add dev $dev" "vid"
	want "bpfvlan -j stats" "dev mirrors rate"
	want "bpfvlan apply -f x.conf" "check"
	complete_words bpfvlan mirror add m1 vid 10 to "cp" | grep -qw "$dev"
	check_err $? "mirror add ... to does not complete device $dev"
	want "bpfvlan trace" "dev"
	want "bpfvlan trace dev $dev" "hex src"
	want "bpfvlan trace dev $dev src 02:00:00:00:00:01" "arp dst ipv4 ipv6 pcp tcp udp vlan"
	complete_words bpfvlan detach "cp" | grep -qw "$dev"
	check_err $? "detach does not complete device $dev"
	complete_words bpfvlan -b x vlan show dev "cp" | grep -qw "$dev"
	check_err $? "dev does not complete device $dev after -b"
	log_test "install: bash completion offers commands, keywords, devices"
}

uninstall_removes_all()
{
	local left

	make -s -C "$ROOT" BUILD="$BUILD" PREFIX="$PFX" DESTDIR="$DEST" \
		uninstall >/dev/null 2>&1
	check_err $? "make uninstall failed"
	left=$(find "$DEST" -type f -o -type l)
	[ -z "$left" ]
	check_err $? "left after uninstall: $left"
	[ -d "$DEST/etc/bpfvlan" ]
	check_err $? "uninstall removed /etc/bpfvlan (the admin's)"
	log_test "install: make uninstall removes what install put down, keeps /etc/bpfvlan"
}

require_root
require_cmd make man ip jq
require_tool "$BV_TEST_BIN"
require_built
setup
tests_run
