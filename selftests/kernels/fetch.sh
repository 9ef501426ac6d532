#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Fetch what the kernel matrix boots with `apt-get download` (nothing is
# installed on the host) into OUT:
#   fetch.sh OUT debian12   the kernel Debian 12's linux-image-amd64 depends
#                           on (the host's apt: this is a Debian 12 machine)
#   fetch.sh OUT debian13   the same in Debian 13 (trixie), through a private
#                           apt configuration in OUT/apt
#   fetch.sh OUT vng        virtme-ng (Debian 13's package, arch all)
# The .deb is kept in OUT/debs and unpacked into OUT/NAME; a kernel's
# modules get their modules.dep (depmod -b). Prints the package's name.
set -eu

out=$1 what=$2
mkdir -p "$out/debs"
out=$(cd "$out" && pwd)

# apt_trixie CMD ARGS...: apt-get or apt-cache on Debian 13's lists.
apt_trixie()
{
	local cmd=$1; shift

	"$cmd" -o "Dir::Etc::sourcelist=$out/apt/sources.list" \
		-o Dir::Etc::sourceparts=/dev/null \
		-o "Dir::State=$out/apt/state" -o "Dir::Cache=$out/apt/cache" "$@"
}

update()
{
	if [ "$what" = debian12 ]; then
		apt-get update -qq >&2
		return
	fi
	mkdir -p "$out/apt/state/lists/partial" "$out/apt/cache/archives/partial"
	echo 'deb http://deb.debian.org/debian trixie main' > "$out/apt/sources.list"
	apt_trixie apt-get update -qq >&2 && touch "$out/apt/updated"
}

apt_run()
{
	if [ "$what" = debian12 ]; then
		"$@"
	else
		apt_trixie "$@"
	fi
}

# package: what to fetch: virtme-ng, or the versioned kernel image package
# linux-image-amd64 depends on.
package()
{
	if [ "$what" = vng ]; then
		echo virtme-ng
		return
	fi
	apt_run apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

# download PKG: its .deb into OUT/debs, once.
download()
{
	ls "$out/debs/$1"_*.deb >/dev/null 2>&1 && return 0
	# apt's sandbox user must be able to write where it downloads.
	chmod 0777 "$out/debs"
	(cd "$out/debs" && apt_run apt-get download -q "$1" >&2)
}

case $what in
debian12 | debian13 | vng) ;;
*) echo "fetch: unknown $what (debian12, debian13, vng)" >&2; exit 2 ;;
esac

[ "$what" = debian12 ] || [ -e "$out/apt/updated" ] || update
pkg=$(package)
# No package, or the mirror moved on since the lists were read: read them again.
if [ -z "$pkg" ] || ! download "$pkg"; then
	update
	pkg=$(package)
	[ -n "$pkg" ] || { echo "fetch: no linux-image-amd64 for $what in apt" >&2; exit 1; }
	download "$pkg"
fi
deb=$(ls "$out/debs/$pkg"_*.deb | head -n1)

dir=$out/$what
rm -rf "$dir.tmp"
dpkg-deb -x "$deb" "$dir.tmp"
if [ "$what" != vng ]; then
	kver=${pkg#linux-image-}
	[ -f "$dir.tmp/boot/vmlinuz-$kver" ] ||
		{ echo "fetch: $deb has no boot/vmlinuz-$kver" >&2; exit 1; }
	# Debian 13 keeps modules in /usr/lib only; virtme looks in lib/.
	[ -e "$dir.tmp/lib" ] || ln -s usr/lib "$dir.tmp/lib"
	depmod -b "$dir.tmp" "$kver"
fi
rm -rf "$dir"
mv "$dir.tmp" "$dir"
echo "$pkg"
