# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The kernel matrix: the distributions' own kernels booted under QEMU by
# virtme-ng, each running selftests/kernels/guest.sh's plan on this built
# tree. Included by the top-level Makefile.
#
#   make check-kernels [KERNELS="debian12 debian13 host"] [MATRIX_JOBS=N]
#                      [MATRIX_SIZE=ci|full] [MATRIX_FUZZ_SECONDS=N]
#                      [MATRIX_ONLY="pkt guest/*"]
#   make kernels-fetch    the kernels and virtme-ng, once, into build/kernels
#   make kernels-refetch  again: the distributions' newest
#
# debian12/debian13: the kernel linux-image-amd64 depends on in Debian 12
# and 13 (the generic flavour: the cloud one lacks 9p, e1000e, bonding,
# 8021q); host: the plan on this machine's own kernel, without a guest.
# `make check` runs CHECK_KERNELS with the CI-sized plan (the host's row
# being make check itself); see selftests/kernels/guest.sh for the plan.

KDIR		:= $(BUILD)/kernels
GUEST_KERNELS	:= debian12 debian13
KERNELS		?= $(GUEST_KERNELS) host
CHECK_KERNELS	?= $(GUEST_KERNELS)
MATRIX_JOBS	?= 2
# make check's share of the plan (MATRIX_ONLY_<KERNEL>), so that CI stays
# under 30 minutes with both guests under TCG side by side: each kernel
# gets the packet tests; the floor (6.1, no XDP features per device) the
# fuzz smoke, trace against the programs (its trace mode must verify and
# agree on the floor), the topology smoke and an upgrade with every map
# migrated (the new programs load slowly there); 6.12 the real NIC drivers and the
# Linux bridge as an oracle (both kernels load XDP programs unbound, so
# the drivers meet the same program). make check-kernels runs the whole
# plan on each (the bond case too). Under TCG on a 2-CPU machine, beside
# make check's topology tests, the CI share takes about 14 minutes on 6.1
# (its upgrade step 6) and 8 on 6.12: within the topology tests' 16. A
# guest may take 25 minutes before it is killed (a slower machine), which
# still keeps CI within 30.
CHECK_ONLY_debian12 := pkt fuzz trace smoke upgrade
CHECK_ONLY_debian13 := pkt guest/uplink_nic guest/bridge_oracle guest/vlan_subif
MATRIX_SIZE	?= full
MATRIX_FUZZ_SECONDS ?= $(if $(filter ci,$(MATRIX_SIZE)),10,30)
# Seconds a guest may take in all, and each step of its plan.
MATRIX_GUEST_TIMEOUT ?= $(if $(filter ci,$(MATRIX_SIZE)),1500,2700)
MATRIX_STEP_TIMEOUT ?= 600
# What the plan runs in the guest, built on the host.
MATRIX_TOOLS	:= $(BUILD)/bpfvlan $(BUILD)/bvpkt $(BUILD)/bvflood \
		   $(BUILD)/libbvfault.so $(PKT_TESTS)
MATRIX_FETCHED	:= $(addprefix $(KDIR)/,$(addsuffix /.fetched,$(GUEST_KERNELS) vng))

$(KDIR)/%/.fetched:
	$(call msg,FETCH,$(KDIR)/$*)
	$(Q)selftests/kernels/fetch.sh $(KDIR) $* >/dev/null
	$(Q)touch $@

.PHONY: check-kernels kernels-fetch kernels-refetch
check-kernels: ensure-deps
	$(Q)$(MAKE) --no-print-directory all $(MATRIX_TOOLS) \
		$(if $(filter-out host,$(KERNELS)),$(MATRIX_FETCHED))
	$(Q)BUILD=$(abspath $(BUILD)) KDIR=$(abspath $(KDIR)) \
		MATRIX_SIZE=$(MATRIX_SIZE) FUZZ_SECONDS=$(MATRIX_FUZZ_SECONDS) \
		GUEST_TIMEOUT=$(MATRIX_GUEST_TIMEOUT) STEP_TIMEOUT=$(MATRIX_STEP_TIMEOUT) \
		MATRIX_ONLY="$(MATRIX_ONLY)" \
		MATRIX_ONLY_debian12="$(MATRIX_ONLY_debian12)" \
		MATRIX_ONLY_debian13="$(MATRIX_ONLY_debian13)" \
		selftests/kernels/run.sh -j $(MATRIX_JOBS) $(KERNELS)

kernels-fetch: $(MATRIX_FETCHED)

kernels-refetch:
	$(Q)rm -rf $(KDIR)/debs $(KDIR)/apt $(MATRIX_FETCHED)
	$(Q)$(MAKE) --no-print-directory kernels-fetch
