# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Test and benchmark targets, included by the top-level Makefile.

PARSE_OBJS	:= $(BUILD)/obj/tools/parse.o $(BUILD)/obj/loader/vidset.o

$(BUILD)/bvpkt: selftests/tools/bvpkt.c
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

CONF_OBJS	:= $(BUILD)/obj/tools/conf_parse.o $(BUILD)/obj/loader/conf.o \
		   $(BUILD)/obj/loader/plan.o $(PARSE_OBJS)

$(BUILD)/unit/test_conf: selftests/unit/test_conf.c selftests/unit/plan_sim.h $(CONF_OBJS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(filter %.c %.o,$^) -lcmocka -o $@

$(BUILD)/unit/test_rate: selftests/unit/test_rate.c $(BUILD)/obj/tools/rate.o
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $^ -lcmocka -o $@

$(BUILD)/unit/test_domxml: selftests/unit/test_domxml.c $(BUILD)/obj/tools/libvirt/domxml.o $(PARSE_OBJS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(XML_CFLAGS) -Itools/libvirt $^ -lcmocka $(XML_LDLIBS) -o $@

UNIT_TESTS	:= $(BUILD)/unit/test_parse $(BUILD)/unit/test_policy \
		   $(BUILD)/unit/test_rate $(BUILD)/unit/test_conf
UNIT_TESTS	+= $(BUILD)/unit/test_domxml
TEST_TOOLS	:= $(BUILD)/bpfvlan $(BUILD)/bvpkt
TEST_TOOLS	+= $(BUILD)/bvflood $(BUILD)/libbvfault.so

# test_libvirt.sh: the hook, and a guest (Debian's cloud kernel, unpacked,
# and a busybox initramfs), made once and kept in $(BUILD)/guest.
GUEST_DIR	:= $(BUILD)/guest
$(GUEST_DIR)/initrd.img: selftests/libvirt/mkguest.sh selftests/libvirt/init
	$(call msg,GUEST,$(GUEST_DIR))
	$(Q)selftests/libvirt/mkguest.sh $(GUEST_DIR)

TEST_TOOLS	+= $(HOOK) $(GUEST_DIR)/initrd.img

include selftests/pkt/pkt.mk
include selftests/fuzz/fuzz.mk

.PHONY: check unit-test topo-test demo
check: ensure-deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_TESTS) $(TEST_TOOLS) $(PKT_TESTS)
	$(Q)$(MAKE) --no-print-directory unit-test asan-test pkt-test fuzz-smoke \
		fuzz-parsers-smoke topo-test
	$(Q)$(MAKE) --no-print-directory check-kernels KERNELS="$(CHECK_KERNELS)" \
		MATRIX_SIZE=ci

unit-test: $(UNIT_TESTS)
	$(Q)set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

topo-test: $(TEST_TOOLS)
	$(Q)BUILD=$(abspath $(BUILD)) selftests/run.sh $(TESTS)

demo: ensure-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(abspath $(BUILD)) selftests/demo.sh
