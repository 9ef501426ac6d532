#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The kernel matrix: selftests/kernels/guest.sh's plan on each KERNEL.
#
#   run.sh [-j JOBS] KERNEL...
#
# KERNEL is a directory name under KDIR (build/kernels: debian12,
# debian13, fetched by fetch.sh), booted under QEMU by virtme-ng (KDIR/vng)
# with the host's root read-only over 9p, so the guest runs this built
# tree; or "host": the plan on this machine's own kernel. KVM where
# /dev/kvm is usable, TCG otherwise. Each guest gets two pairs of emulated
# NICs, each pair joined by a QEMU hub and by nothing else (the
# selftests/guest/ tests' uplinks; MACs 52:54:00:b7:HUB:0R, R 1 for
# bpfvlan's trunk, 2 for the upstream side): virtio-net (hub 0) and
# e1000e (hub 1).
#
# One line per kernel: passed, failed, skipped steps and seconds; the
# guest's output in KDIR/log/KERNEL.log (its kernel log in .console).
# A guest that does not finish within GUEST_TIMEOUT seconds is killed
# and fails. Exit 1 if any kernel failed. JOBS guests boot at once.
# MATRIX_SIZE (ci or full), FUZZ_SECONDS, STEP_TIMEOUT: guest.sh's
# options; MATRIX_ONLY="STEP..." runs only those steps of the plan (globs),
# MATRIX_ONLY_<KERNEL> only those on KERNEL.
set -u

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$(cd "$here/../.." && pwd)/build}
KDIR=${KDIR:-$BUILD/kernels}
GUEST_TIMEOUT=${GUEST_TIMEOUT:-900}
GUEST_MEMORY=${GUEST_MEMORY:-2G}
GUEST_CPUS=${GUEST_CPUS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
MATRIX_SIZE=${MATRIX_SIZE:-full}
STEP_TIMEOUT=${STEP_TIMEOUT:-420}
PYTHON=${PYTHON:-/usr/bin/python3}
jobs=1

if [ "${1:-}" = -j ]; then
	jobs=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: run.sh [-j JOBS] KERNEL..." >&2; exit 2; }
export BUILD

# qemu_opts OPT...: each as one --qemu-opt of virtme-run.
qemu_opts()
{
	local o

	for o in "$@"; do
		printf -- '--qemu-opt=%s\n' "$o"
	done
}

# nic_pair HUB DEVICE: two NICs of model DEVICE on hub HUB.
nic_pair()
{
	local r

	for r in 1 2; do
		qemu_opts -netdev "hubport,id=bvu$1$r,hubid=$1" \
			-device "$2,netdev=bvu$1$r,mac=52:54:00:b7:0$1:0$r"
	done
}
mapfile -t NICS < <(nic_pair 0 virtio-net-pci; nic_pair 1 e1000e)

# The kernel calls this for every module it wants (and guest.sh puts it
# first on PATH): modprobe on the unpacked package of the running kernel.
write_modprobe()
{
	mkdir -p "$KDIR/bin"
	cat > "$KDIR/bin/modprobe.tmp" <<-EOF
		#!/bin/sh
		# Made by selftests/kernels/run.sh: modules of the kernel matrix's guests.
		for d in "$KDIR"/*/; do
			[ -d "\$d/lib/modules/\$(uname -r)" ] &&
				exec /sbin/modprobe -d "\$d" "\$@"
		done
		exec /sbin/modprobe "\$@"
	EOF
	chmod 0755 "$KDIR/bin/modprobe.tmp"
	mv "$KDIR/bin/modprobe.tmp" "$KDIR/bin/modprobe"
}

# plan_args KERNEL: guest.sh's options (its --only last): the steps
# MATRIX_ONLY_<KERNEL> names if set (make check splits the plan between
# the kernels), else MATRIX_ONLY's.
plan_args()
{
	local var=MATRIX_ONLY_$1 only

	only=${!var:-${MATRIX_ONLY:-}}
	echo "--size $MATRIX_SIZE --fuzz-seconds $FUZZ_SECONDS" \
		"--step-timeout $STEP_TIMEOUT${only:+ --only $only}"
}

# kvm_works KIMG: QEMU runs KIMG under KVM, as far as its panic for want
# of an init. (A /dev/kvm can be there and still fail QEMU: nested
# virtualisation without the MSRs QEMU sets, as on the machine this was
# written on.)
kvm_works()
{
	[ -w /dev/kvm ] || return 1
	timeout 60 qemu-system-x86_64 -enable-kvm -cpu host -m 256 -nodefaults \
		-display none -serial stdio -no-reboot -kernel "$1" \
		-append 'console=ttyS0 panic=-1 rdinit=/bv-none init=/bv-none' \
		< /dev/null 2>&1 | grep -q 'Kernel panic'
}

# boot NAME LOG: the plan in a guest booted from KDIR/NAME.
boot()
{
	local name=$1 log=$2 kimg accel=() pgid rc

	kimg=$(ls "$KDIR/$name"/boot/vmlinuz-* 2>/dev/null | head -n1)
	if [ -z "$kimg" ]; then
		echo "no kernel in $KDIR/$name (make check-kernels fetches it)" > "$log"
		return 1
	fi
	kvm_works "$kimg" || accel=(--disable-kvm)
	echo "== $name: $kimg, ${accel[*]:-KVM}"
	# timeout puts the guest in a process group of its own, which is
	# killed whole if this script is.
	PYTHONPATH=$KDIR/vng/usr/lib/python3/dist-packages \
	timeout --kill-after=15 "$GUEST_TIMEOUT" \
		"$PYTHON" "$KDIR/vng/usr/bin/virtme-run" --kimg "$kimg" \
		--mods=auto --force-9p --disable-microvm "${accel[@]}" \
		--memory "$GUEST_MEMORY" --cpus "$GUEST_CPUS" --name "bv-$name" \
		--show-boot-console \
		"${NICS[@]}" \
		--script-sh "$here/guest.sh --modprobe $KDIR/bin/modprobe $(plan_args "$name")" \
		< /dev/null > "$log" 2> "${log%.log}.console" &
	pgid=$!
	echo "$pgid" > "$log.pgid"
	wait "$pgid"
	rc=$?
	rm -f "$log.pgid"
	[ $rc -eq 124 ] && echo "== guest killed after ${GUEST_TIMEOUT}s" >> "$log"
	return $rc
}

# run_one NAME: the plan on NAME, its output in the log; writes the
# kernel's line to KDIR/log/NAME.line; exit 0 if it passed.
run_one()
{
	local name=$1 log=$KDIR/log/$1.log start rc plan secs

	start=$(date +%s)
	if [ "$name" = host ]; then
		echo "== host: $(uname -r), the plan without a guest"
		# shellcheck disable=SC2046
		timeout --kill-after=15 "$GUEST_TIMEOUT" "$here/guest.sh" --host \
			$(plan_args host) > "$log" 2>&1
	else
		boot "$name" "$log"
	fi
	rc=$?
	secs=$(( $(date +%s) - start ))
	plan=$(grep '^PLAN ' "$log" | tail -n1)
	if [ -z "$plan" ]; then
		printf '%-9s %-22s did not finish (exit %s), %d s; log: %s\n' \
			"$name" "?" "$rc" "$secs" "$log" > "$KDIR/log/$name.line"
		return 1
	fi
	# PLAN KVER pass=N fail=N skip=N cases_skipped=N [FAILED_STEP...]
	set -- $plan
	printf '%-9s %-22s %2s passed, %2s failed, %2s skipped (%s cases), %4d s%s\n' \
		"$name" "$2" "${3#pass=}" "${4#fail=}" "${5#skip=}" "${6#cases_skipped=}" \
		"$secs" "$( [ "$rc" -eq 0 ] || echo "; FAILED: ${*:7}; log: $log")" \
		> "$KDIR/log/$name.line"
	[ "$rc" -eq 0 ]
}

stop_all()
{
	local f

	for f in "$KDIR"/log/*.log.pgid; do
		[ -e "$f" ] && kill -TERM -- "-$(cat "$f")" 2>/dev/null
	done
}
trap 'stop_all; exit 1' INT TERM

mkdir -p "$KDIR/log"
write_modprobe
fail=0 running=0
for k in "$@"; do
	run_one "$k" &
	running=$((running + 1))
	if [ $running -ge "$jobs" ]; then
		wait -n || fail=1
		running=$((running - 1))
	fi
done
while [ $running -gt 0 ]; do
	wait -n || fail=1
	running=$((running - 1))
done

echo "== kernel matrix (steps; a skipped step or case is not a pass)"
for k in "$@"; do
	cat "$KDIR/log/$k.line"
	rm -f "$KDIR/log/$k.line"
done
exit $fail
