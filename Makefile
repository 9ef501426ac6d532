# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# bpfvlan — eBPF/XDP 802.1Q VLAN bridge for KVM hosts.
#
#   make            build build/bpfvlan
#   make check      unit + packet + topology tests, and the kernel matrix
#                   (root)
#   make check-kernels  the tests on Debian 12's and 13's kernels under QEMU,
#                   and on this one (root; selftests/kernels/kernels.mk)
#   make demo       two-hypervisor VLAN demo in network namespaces (root)
#   make bench      benchmarks (root; never part of check)
#   make soak       SOAK_S seconds (default 600) of traffic under churn,
#                   checked for leaks and growth (root; never part of check)
#   make deps       install the Debian packages needed to build, test, demo
#   make install    PREFIX (/usr/local), DESTDIR: binary, libvirt hook,
#                   systemd unit, man page, bash completion; make uninstall
#   V=1             show full commands

BUILD		?= build
CLANG		?= clang
BPFTOOL		?= bpftool
CC		?= gcc
PKG_CONFIG	?= pkg-config
PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
SYSTEMDUNITDIR	?= $(PREFIX)/lib/systemd/system
CONFDIR		?= /etc/bpfvlan
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

# Debian packages: build, unit tests, topology tests and demo, benchmarks.
DEB_BUILD	:= make gcc clang llvm pkg-config bpftool libbpf-dev libelf-dev \
		   zlib1g-dev libnl-3-dev libnl-genl-3-dev libnl-route-3-dev \
		   linux-libc-dev libc6-dev libxml2-dev
DEB_TEST	:= libcmocka-dev iproute2 ethtool tcpdump jq util-linux procps \
		   kmod iputils-ping libclang-rt-dev tmux iperf3 systemd man-db
# test_libvirt.sh: real libvirtd + QEMU guests built from busybox.
DEB_TEST	+= qemu-system-x86 libvirt-daemon-system libvirt-clients \
		   busybox-static curl
# The kernel matrix: virtme-ng (fetched, not installed) needs QEMU, udev,
# python3-requests and busybox, and unpacks kernels with dpkg-deb and kmod.
DEB_TEST	+= udev python3-requests
DEB_BENCH	:=		# iperf3, in DEB_TEST since test_internal uses it
DEB_ALL		:= $(DEB_BUILD) $(DEB_TEST) $(DEB_BENCH)

PKGS		:= libbpf libelf zlib libnl-3.0 libnl-genl-3.0 libnl-route-3.0
# libxml2: only the libvirt hook links it.
XML_PKG		:= libxml-2.0

# Only ask pkg-config when building (not for deps/clean).
ifeq ($(filter deps ensure-deps clean,$(MAKECMDGOALS)),)
ifneq ($(shell $(PKG_CONFIG) --version 2>/dev/null),)
MISSING_PKGS	:= $(strip $(foreach p,$(PKGS) $(XML_PKG),$(if $(shell $(PKG_CONFIG) --exists $(p) && echo y),,$(p))))
else
MISSING_PKGS	:= pkg-config
endif
endif

ARCH_INC	:= /usr/include/$(shell $(CC) -print-multiarch 2>/dev/null)
LIB_CFLAGS	= $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LIB_LDLIBS	= $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
XML_CFLAGS	= $(shell $(PKG_CONFIG) --cflags $(XML_PKG) 2>/dev/null)
XML_LDLIBS	= $(shell $(PKG_CONFIG) --libs $(XML_PKG) 2>/dev/null)

WARN		:= -Wall -Wextra -Werror
CFLAGS		?= -g -O2
# The include-path rule: include/bpfvlan/ is libbpfvlan's public API
# (loader/*.c implements it). tools/ (the CLI, the libvirt hook) see only
# it and maps/; loader/ sees its own internal headers, never tools/. A
# layering mistake is then a compile error (make layer-test shows both).
BASE_CFLAGS	= $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -Imaps -Iinclude \
		  $(LIB_CFLAGS) $(EXTRA_CFLAGS)
LOADER_CFLAGS	= $(BASE_CFLAGS) -Iloader -I$(BUILD)
TOOLS_CFLAGS	= $(BASE_CFLAGS) -Itools
# Tests reach inside both.
ALL_CFLAGS	= $(LOADER_CFLAGS) -Itools
BPF_CFLAGS	:= -g -O2 -target bpf -mcpu=v3 $(WARN) -I$(ARCH_INC) -Imaps

LOADER_SRCS	:= $(wildcard loader/*.c)
TOOLS_SRCS	:= $(wildcard tools/*.c)
LOADER_OBJS	:= $(patsubst %.c,$(BUILD)/obj/%.o,$(LOADER_SRCS))
CLI_OBJS	:= $(patsubst %.c,$(BUILD)/obj/%.o,$(TOOLS_SRCS)) $(LOADER_OBJS)
PUBLIC_HDRS	:= $(wildcard include/bpfvlan/*.h maps/*.h)
BPF_SRCS	:= bpf/bpfvlan.bpf.c
BPF_HDRS	:= $(wildcard bpf/lib/*.h) $(wildcard maps/*.h)
SKEL		:= $(BUILD)/bpfvlan.skel.h
# libvirt's qemu hook: its own main and the library.
HOOK		:= $(BUILD)/bpfvlan-libvirt-hook
HOOK_SRCS	:= $(wildcard tools/libvirt/*.c)
HOOK_OWN_OBJS	:= $(patsubst %.c,$(BUILD)/obj/%.o,$(HOOK_SRCS))
HOOK_OBJS	:= $(HOOK_OWN_OBJS) $(LOADER_OBJS)

.PHONY: all check-libs
all: check-libs $(BUILD)/bpfvlan $(HOOK)

check-libs:
ifneq ($(MISSING_PKGS),)
	@echo "error: missing libraries: $(MISSING_PKGS) (pkg-config)." >&2; \
	 echo "       Install the build dependencies with: make deps" >&2; exit 1
endif

$(BUILD)/bpfvlan.tmp.bpf.o: $(BPF_SRCS) $(BPF_HDRS)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bpfvlan.bpf.o: $(BUILD)/bpfvlan.tmp.bpf.o
	$(call msg,GEN-OBJ,$@)
	$(Q)$(BPFTOOL) gen object $@ $<

$(SKEL): $(BUILD)/bpfvlan.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name bpfvlan > $@

$(BUILD)/obj/loader/%.o: loader/%.c $(SKEL) $(PUBLIC_HDRS) $(wildcard loader/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LOADER_CFLAGS) -c $< -o $@

$(BUILD)/obj/tools/%.o: tools/%.c $(PUBLIC_HDRS) $(wildcard tools/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TOOLS_CFLAGS) $(TOOLS_EXTRA) -c $< -o $@

$(BUILD)/bpfvlan: $(CLI_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIB_LDLIBS) -o $@

$(HOOK_OWN_OBJS): TOOLS_EXTRA = $(XML_CFLAGS) -Itools/libvirt
$(HOOK_OWN_OBJS): $(wildcard tools/libvirt/*.h)

# The include-path rule, both ways: every public header compiles alone
# with only include/ and maps/ on the path; no internal header of loader/
# is reachable with tools/' flags, and no header of tools/ with loader/'s.
.PHONY: layer-test
layer-test:
	$(Q)echo "== layer-test: include/bpfvlan/ alone, loader/ and tools/ apart"
	$(Q)for h in $(notdir $(wildcard include/bpfvlan/*.h)); do \
		printf '#include "bpfvlan/%s"\n' $$h | $(CC) $(TOOLS_CFLAGS) \
			-fsyntax-only -x c - || { echo "FAIL: bpfvlan/$$h"; exit 1; }; \
	done
	$(Q)for h in $(notdir $(wildcard loader/*.h)); do \
		printf '#include "%s"\n' $$h | $(CC) $(TOOLS_CFLAGS) \
			-fsyntax-only -x c - 2>/dev/null && \
			{ echo "FAIL: tools/ reaches loader/$$h"; exit 1; }; \
	done; true
	$(Q)for h in $(notdir $(wildcard tools/*.h)); do \
		printf '#include "%s"\n' $$h | $(CC) $(LOADER_CFLAGS) \
			-fsyntax-only -x c - 2>/dev/null && \
			{ echo "FAIL: loader/ reaches tools/$$h"; exit 1; }; \
	done; true

$(HOOK): $(HOOK_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIB_LDLIBS) $(XML_LDLIBS) -o $@

include selftests/selftests.mk
include selftests/kernels/kernels.mk
include selftests/bench/bench.mk

.PHONY: deps ensure-deps install uninstall clean
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEB_ALL)

# Install the packages only when one is missing (the README's commands).
ensure-deps:
	@missing=$$(for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing missing packages:" $$missing; \
		$(MAKE) --no-print-directory deps; \
	fi

LIBVIRT_HOOKS	?= /etc/libvirt/hooks

# The unit names the installed binary and the configuration directory.
# The example configuration goes to the docs; /etc/bpfvlan is made but no
# file in it is ever written (nor overwritten).
# Everything `make install` puts down, so that uninstall removes exactly it.
INSTALLED	= $(SBINDIR)/bpfvlan \
		  $(PREFIX)/share/man/man8/bpfvlan.8 \
		  $(PREFIX)/libexec/bpfvlan/libvirt-hook \
		  $(LIBVIRT_HOOKS)/qemu.d/bpfvlan \
		  $(SYSTEMDUNITDIR)/bpfvlan@.service \
		  $(BASHCOMPDIR)/bpfvlan \
		  $(PREFIX)/share/doc/bpfvlan/bv0.conf.example

install: all
	install -D -m 0755 $(BUILD)/bpfvlan $(DESTDIR)$(SBINDIR)/bpfvlan
	install -D -m 0644 docs/bpfvlan.8 $(DESTDIR)$(PREFIX)/share/man/man8/bpfvlan.8
	install -D -m 0755 $(HOOK) $(DESTDIR)$(PREFIX)/libexec/bpfvlan/libvirt-hook
	install -d $(DESTDIR)$(LIBVIRT_HOOKS)/qemu.d
	ln -sf $(PREFIX)/libexec/bpfvlan/libvirt-hook $(DESTDIR)$(LIBVIRT_HOOKS)/qemu.d/bpfvlan
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@CONFDIR@|$(CONFDIR)|g' \
		systemd/bpfvlan@.service.in > $(DESTDIR)$(SYSTEMDUNITDIR)/bpfvlan@.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/bpfvlan@.service
	install -D -m 0644 tools/bash-completion/bpfvlan $(DESTDIR)$(BASHCOMPDIR)/bpfvlan
	install -D -m 0644 docs/bv0.conf.example $(DESTDIR)$(PREFIX)/share/doc/bpfvlan/bv0.conf.example
	install -d -m 0755 $(DESTDIR)$(CONFDIR)

# Leaves $(CONFDIR) and the files in it: they are the admin's.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/libexec/bpfvlan $(DESTDIR)$(PREFIX)/share/doc/bpfvlan 2>/dev/null

clean:
	rm -rf $(BUILD)
