# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Test and benchmark targets, included by the top-level Makefile.

PARSE_OBJS	:= $(BUILD)/obj/loader/parse.o $(BUILD)/obj/loader/vidset.o \
		   $(BUILD)/obj/loader/iplist.o
# The port grammar and what it stands on.
SPEC_OBJS	:= $(BUILD)/obj/loader/port_spec.o $(PARSE_OBJS)

$(BUILD)/bvpkt: selftests/tools/bvpkt.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE $< -o $@

$(BUILD)/bvreach: selftests/tools/bvreach.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE $< -o $@

$(BUILD)/bvflood: selftests/tools/bvflood.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE $< -o $@

# Fault injection for tests (LD_PRELOAD): selftests/tools/bvfault.c.
$(BUILD)/libbvfault.so: selftests/tools/bvfault.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -shared -fPIC $< -ldl -o $@

$(BUILD)/unit/test_parse: selftests/unit/test_parse.c $(PARSE_OBJS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $^ -lcmocka -o $@

$(BUILD)/unit/test_policy: selftests/unit/test_policy.c $(BUILD)/obj/loader/policy.o
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $^ -lcmocka -o $@

KERNEL_OBJS	:= $(BUILD)/obj/loader/kernel.o $(BUILD)/obj/loader/log.o \
		   $(BUILD)/obj/loader/netlink.o

$(BUILD)/unit/test_kernel: selftests/unit/test_kernel.c $(KERNEL_OBJS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $^ -lcmocka $(LIB_LDLIBS) -o $@

CONF_OBJS	:= $(BUILD)/obj/loader/conf_parse.o $(BUILD)/obj/loader/conf.o \
		   $(BUILD)/obj/loader/plan.o $(BUILD)/obj/loader/mirror_spec.o \
		   $(SPEC_OBJS)

$(BUILD)/unit/test_conf: selftests/unit/test_conf.c selftests/unit/plan_sim.h $(CONF_OBJS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(filter %.c %.o,$^) -lcmocka -o $@

$(BUILD)/unit/test_upgrade_map: selftests/unit/test_upgrade_map.c \
		$(BUILD)/obj/loader/upgrade_map.o $(BUILD)/obj/loader/log.o
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $^ -lcmocka $(LIB_LDLIBS) -o $@

$(BUILD)/unit/test_rate: selftests/unit/test_rate.c $(BUILD)/obj/tools/rate.o
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $^ -lcmocka -o $@

$(BUILD)/unit/test_domxml: selftests/unit/test_domxml.c $(BUILD)/obj/tools/libvirt/domxml.o $(SPEC_OBJS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(XML_CFLAGS) -Itools/libvirt $^ -lcmocka $(XML_LDLIBS) -o $@

# The port grammar and every reader of it: attach's words, the file, the
# libvirt metadata.
$(BUILD)/unit/test_port_spec: selftests/unit/test_port_spec.c $(CONF_OBJS) \
		$(BUILD)/obj/tools/libvirt/domxml.o
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(XML_CFLAGS) -Itools/libvirt $^ -lcmocka $(XML_LDLIBS) -o $@

# The CLI with its test hooks (selftests/tools/test_hooks.c): the same
# objects as build/bpfvlan, which has none.
$(BUILD)/obj/selftests/tools/test_hooks.o: selftests/tools/test_hooks.c \
		$(PUBLIC_HDRS) $(wildcard tools/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TOOLS_CFLAGS) -c $< -o $@

$(BUILD)/bpfvlan-test: $(CLI_OBJS) $(BUILD)/obj/selftests/tools/test_hooks.o
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIB_LDLIBS) -o $@

UNIT_TESTS	:= $(BUILD)/unit/test_parse $(BUILD)/unit/test_policy \
		   $(BUILD)/unit/test_kernel \
		   $(BUILD)/unit/test_rate $(BUILD)/unit/test_conf
UNIT_TESTS	+= $(BUILD)/unit/test_domxml $(BUILD)/unit/test_port_spec
UNIT_TESTS	+= $(BUILD)/unit/test_upgrade_map
TEST_TOOLS	:= $(BUILD)/bpfvlan $(BUILD)/bpfvlan-test $(BUILD)/bvpkt
TEST_TOOLS	+= $(BUILD)/bvflood $(BUILD)/libbvfault.so $(BUILD)/bvreach

# test_libvirt.sh: the hook, and a guest (Debian's cloud kernel, unpacked,
# and a busybox initramfs), made once and kept in $(BUILD)/guest.
GUEST_DIR	:= $(BUILD)/guest
$(GUEST_DIR)/initrd.img: selftests/libvirt/mkguest.sh selftests/libvirt/init
	$(call msg,GUEST,$(GUEST_DIR))
	$(Q)selftests/libvirt/mkguest.sh $(GUEST_DIR)

TEST_TOOLS	+= $(HOOK) $(GUEST_DIR)/initrd.img

include selftests/pkt/pkt.mk
include selftests/fuzz/fuzz.mk
include selftests/tools/oracle/oracle.mk

.PHONY: check unit-test topo-test demo soak
# The kernel matrix's guests (CPU-bound, in TCG) run beside the topology
# tests (which mostly wait on frames and timers): the two side by side
# take about the time of the longer, not the sum. The matrix's lines are
# printed after the topology tests; either failing fails check.
CHECK_MATRIX_LOG := $(BUILD)/check-kernels.log
check: ensure-deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_TESTS) $(TEST_TOOLS) $(PKT_TESTS) \
		$(MATRIX_TOOLS) $(if $(filter-out host,$(CHECK_KERNELS)),$(MATRIX_FETCHED))
	$(Q)$(MAKE) --no-print-directory layer-test unit-test asan-test pkt-test fuzz-smoke trace-check \
		fuzz-parsers-smoke
	$(Q)echo "== kernel matrix: started beside the topology tests (log: $(CHECK_MATRIX_LOG))"; \
	$(MAKE) --no-print-directory check-kernels KERNELS="$(CHECK_KERNELS)" \
		MATRIX_SIZE=ci MATRIX_ONLY_debian12="$(CHECK_ONLY_debian12)" \
		MATRIX_ONLY_debian13="$(CHECK_ONLY_debian13)" >$(CHECK_MATRIX_LOG) 2>&1 & \
	matrix=$$!; \
	$(MAKE) --no-print-directory topo-test; topo=$$?; \
	wait $$matrix; krc=$$?; \
	cat $(CHECK_MATRIX_LOG); \
	[ $$topo -eq 0 ] || echo "== check: topology tests failed"; \
	[ $$krc -eq 0 ] || echo "== check: kernel matrix failed"; \
	[ $$topo -eq 0 ] && [ $$krc -eq 0 ]

unit-test: $(UNIT_TESTS)
	$(Q)set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

topo-test: $(TEST_TOOLS)
	$(Q)BUILD=$(abspath $(BUILD)) selftests/run.sh $(TESTS)

# The soak (selftests/soak.sh): SOAK_S seconds (default 600) of mixed
# traffic under churn; never part of check. SOAK_REPORT=FILE keeps the
# figures as Markdown.
soak: $(BUILD)/bpfvlan $(BUILD)/bvpkt $(BUILD)/bvflood $(HOOK)
	$(Q)BUILD=$(abspath $(BUILD)) HOOK=$(abspath $(HOOK)) selftests/soak.sh

demo: ensure-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(abspath $(BUILD)) selftests/demo.sh
