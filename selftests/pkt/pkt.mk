# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Reference model (unit tests), packet tests (BPF_PROG_TEST_RUN) and the
# differential fuzzer. Included by selftests/selftests.mk.
#
#   make pkt-test                 packet tests (root)
#   make fuzz-smoke               bounded differential fuzz run (root)
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_SEED=N]   long run

PKT_DIR		:= $(BUILD)/pkt
PKT_CFLAGS	= $(ALL_CFLAGS) -Iselftests/model -Iselftests/pkt -I$(PKT_DIR)
PKT_SKELS	:= $(PKT_DIR)/bv_test.skel.h $(PKT_DIR)/bv_observe.skel.h
PKT_LIBOBJS	:= $(BUILD)/obj/loader/vlan.o $(BUILD)/obj/loader/log.o \
		   $(BUILD)/obj/loader/datapath.o \
		   $(BUILD)/obj/loader/vidset.o $(BUILD)/obj/loader/iplist.o \
		   $(BUILD)/obj/loader/port_ip.o $(BUILD)/obj/loader/parse.o \
		   $(BUILD)/obj/loader/trace.o $(BUILD)/obj/loader/trace_names.o \
		   $(BUILD)/obj/loader/proginfo.o
MODEL_OBJ	:= $(PKT_DIR)/bv_model.o
GEN_OBJ		:= $(PKT_DIR)/bv_gen.o
HARNESS_OBJS	:= $(PKT_DIR)/harness.o $(PKT_DIR)/harness_run.o \
		   $(PKT_DIR)/harness_check.o $(PKT_DIR)/trace_diff.o
# test_pkt's own cases beyond its table.
TEST_PKT_OBJS	:= $(PKT_DIR)/mirror_pkt.o
PKT_TESTS	:= $(PKT_DIR)/test_pkt $(PKT_DIR)/fuzz
FUZZ_SECONDS	?= 600
FUZZ_SMOKE_SECONDS ?= 45
TRACE_CHECK_SECONDS ?= 25
FUZZ_SEED	?= $(shell date +%s)
VMLINUX_H	:= $(PKT_DIR)/vmlinux.h
BPF_ARCH	:= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

UNIT_TESTS	+= $(BUILD)/unit/test_model

$(MODEL_OBJ): selftests/model/bv_model.c selftests/model/bv_model.h maps/bpfvlan_maps.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -Imaps -c $< -o $@

$(GEN_OBJ): selftests/model/bv_gen.c selftests/model/bv_gen.h selftests/model/bv_model.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -Imaps -c $< -o $@

$(BUILD)/unit/test_model: selftests/unit/test_model.c $(MODEL_OBJ)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -Imaps -Iselftests/model $^ -lcmocka -o $@

$(VMLINUX_H):
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@

$(PKT_DIR)/bv_test.tmp.bpf.o: selftests/pkt/bv_test.bpf.c selftests/pkt/bv_test.h $(BPF_HDRS)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I. -Iselftests/pkt -c $< -o $@

# BPF_PROG() declares a ctx parameter most tracing programs leave unused.
$(PKT_DIR)/bv_observe.tmp.bpf.o: selftests/pkt/bv_observe.bpf.c selftests/pkt/bv_test.h $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) -g -O2 -target bpf -mcpu=v3 $(WARN) -Wno-unused-parameter \
		-D__TARGET_ARCH_$(BPF_ARCH) \
		-I$(PKT_DIR) -Iselftests/pkt -c $< -o $@

.SECONDARY: $(PKT_DIR)/bv_test.bpf.o $(PKT_DIR)/bv_observe.bpf.o
$(PKT_DIR)/%.bpf.o: $(PKT_DIR)/%.tmp.bpf.o
	$(call msg,GEN-OBJ,$@)
	$(Q)$(BPFTOOL) gen object $@ $<

$(PKT_DIR)/%.skel.h: $(PKT_DIR)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $* > $@

$(HARNESS_OBJS) $(TEST_PKT_OBJS): $(PKT_DIR)/%.o: selftests/pkt/%.c selftests/pkt/harness.h \
		selftests/pkt/trace_diff.h \
		selftests/pkt/harness_int.h selftests/pkt/bv_test.h \
		selftests/model/bv_model.h $(SKEL) $(PKT_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(PKT_CFLAGS) -c $< -o $@

$(PKT_DIR)/test_pkt $(PKT_DIR)/fuzz: $(PKT_DIR)/%: selftests/pkt/%.c $(HARNESS_OBJS) \
		$(MODEL_OBJ) $(PKT_LIBOBJS) selftests/pkt/harness.h
	$(call msg,LINK,$@)
	$(Q)$(CC) $(PKT_CFLAGS) $< $(HARNESS_OBJS) $(MODEL_OBJ) $(PKT_LIBOBJS) \
		$(if $(filter fuzz,$*),$(GEN_OBJ)) \
		$(if $(filter test_pkt,$*),$(TEST_PKT_OBJS)) $(LIB_LDLIBS) -o $@

$(PKT_DIR)/fuzz: $(GEN_OBJ) selftests/model/bv_gen.h
$(PKT_DIR)/test_pkt: $(TEST_PKT_OBJS) selftests/pkt/mirror_pkt.h

.PHONY: pkt-test fuzz-smoke fuzz trace-check
# Exit 4 is a skip (not root), as in the topology tests.
pkt-test: $(PKT_DIR)/test_pkt
	$(Q)echo "== $<"; $<; rc=$$?; [ $$rc -eq 4 ] && rc=0; exit $$rc

fuzz-smoke: $(PKT_DIR)/fuzz
	$(Q)echo "== $< (smoke, $(FUZZ_SMOKE_SECONDS) s)"; \
		$< --seconds $(FUZZ_SMOKE_SECONDS) --seed $(FUZZ_SEED); \
		rc=$$?; [ $$rc -eq 4 ] && rc=0; exit $$rc

# `bpfvlan trace` against the programs, on the fuzzer's frames (fuzz --trace).
trace-check: $(PKT_DIR)/fuzz
	$(Q)echo "== $< --trace ($(TRACE_CHECK_SECONDS) s)"; \
		$< --trace --seconds $(TRACE_CHECK_SECONDS) --seed $(FUZZ_SEED); \
		rc=$$?; [ $$rc -eq 4 ] && rc=0; exit $$rc

fuzz: ensure-deps
	$(Q)$(MAKE) --no-print-directory $(PKT_DIR)/fuzz
	$(Q)$(PKT_DIR)/fuzz --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)
