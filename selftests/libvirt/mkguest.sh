#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Build the test guest of test_libvirt.sh into OUTDIR: Debian's cloud kernel
# (downloaded as a .deb and unpacked here, never installed on the host) and
# a busybox initramfs holding /init (selftests/libvirt/init) and exactly the
# modules virtio-net, virtio-pci and 802.1Q need, in modules.dep order.
#   mkguest.sh OUTDIR      -> OUTDIR/vmlinuz, OUTDIR/initrd.img
set -eu

out=$1
here=$(cd "$(dirname "$0")" && pwd)
MODULES="virtio_pci virtio_net 8021q"

busybox=$(command -v busybox || true)
# ldd fails on a static binary: the guest has no libc to offer.
if [ -z "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "mkguest: needs a static busybox (make deps: busybox-static)" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bvguest.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The versioned kernel package behind the meta package (linux-image-cloud-amd64).
kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
       awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$kpkg" ]; then
	apt-get update -qq
	kpkg=$(apt-cache depends linux-image-cloud-amd64 |
	       awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
fi
[ -n "$kpkg" ] || { echo "mkguest: no linux-image-cloud-amd64 in apt" >&2; exit 1; }
# apt's sandbox user must be able to write where it downloads.
chmod 0777 "$work"
if ! (cd "$work" && apt-get download -q "$kpkg" >/dev/null 2>&1); then
	apt-get update -qq	# stale lists: the mirror moved to a newer ABI
	kpkg=$(apt-cache depends linux-image-cloud-amd64 |
	       awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	(cd "$work" && apt-get download -q "$kpkg" >/dev/null)
fi
dpkg-deb -x "$work"/"$kpkg"_*.deb "$work/k"
kver=${kpkg#linux-image-}
depmod -b "$work/k" "$kver"

root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,www/cgi-bin,lib/modules}
cp "$busybox" "$root/bin/busybox"
install -m 0755 "$here/init" "$root/init"
for m in $MODULES; do
	modprobe -d "$work/k" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' > "$work/order"
: > "$root/lib/modules/order"
while read -r ko; do
	cp "$ko" "$root/lib/modules/"
	basename "$ko" >> "$root/lib/modules/order"
done < "$work/order"

(cd "$root" && find . | LC_ALL=C sort | busybox cpio -o -H newc 2>/dev/null) |
	gzip -1 > "$out/initrd.img.tmp"
cp "$work/k/boot/vmlinuz-$kver" "$out/vmlinuz.tmp"
echo "$kpkg: $(tr '\n' ' ' < "$root/lib/modules/order")" > "$out/version"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/initrd.img.tmp" "$out/initrd.img"	# last: make's target
