# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Parser fuzzing (libFuzzer, clang) and sanitizer runs of the user-space
# code. Included by selftests/selftests.mk.
#
#   make fuzz-parsers [PFUZZ_SECONDS=N]   every parser harness for N s each
#   make fuzz-parsers-smoke               each for PFUZZ_SMOKE_SECONDS (check)
#   make asan-test                        unit tests and a CLI lifecycle with
#                                         ASan+UBSan (check; root)
# Harnesses: fuzz_vidlist, fuzz_mac, fuzz_uint (loader/parse.c), fuzz_conf
# (the configuration file, its writer and apply's plan), fuzz_cli (the
# whole command line over a fake loader, selftests/fuzz/cli_stubs.c) and
# fuzz_domxml (the libvirt hook's domain XML, tools/libvirt/domxml.c).

PFUZZ_CC	?= clang
PFUZZ_DIR	:= $(BUILD)/fuzz
PFUZZ_NAMES	:= vidlist mac uint conf cli domxml
PFUZZ_BINS	:= $(PFUZZ_NAMES:%=$(PFUZZ_DIR)/fuzz_%)
PFUZZ_SECONDS	?= 300
PFUZZ_SMOKE_SECONDS ?= 10
# Like tools/: include/ (the public API) and maps/, never loader/.
PFUZZ_CFLAGS	= -g -O1 -fno-omit-frame-pointer \
		  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		  $(WARN) -std=gnu11 -D_GNU_SOURCE -Iselftests/fuzz -Imaps \
		  -Iinclude $(LIB_CFLAGS)

$(PFUZZ_DIR)/fuzz_vidlist $(PFUZZ_DIR)/fuzz_mac $(PFUZZ_DIR)/fuzz_uint: \
		$(PFUZZ_DIR)/fuzz_%: selftests/fuzz/fuzz_%.c selftests/fuzz/fuzz.h loader/vidset.c \
		loader/parse.c include/bpfvlan/parse.h
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PFUZZ_CC) $(PFUZZ_CFLAGS) $< loader/parse.c loader/vidset.c -o $@

CONF_FUZZ_SRCS	:= loader/conf_parse.c loader/parse.c loader/vidset.c loader/conf.c \
		   loader/plan.c loader/port_spec.c loader/iplist.c loader/mirror_spec.c

$(PFUZZ_DIR)/fuzz_conf: selftests/fuzz/fuzz_conf.c selftests/fuzz/fuzz.h \
		selftests/unit/plan_sim.h $(CONF_FUZZ_SRCS) \
		$(wildcard include/bpfvlan/*.h maps/*.h)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PFUZZ_CC) $(PFUZZ_CFLAGS) -Iselftests/unit $< $(CONF_FUZZ_SRCS) -o $@
$(PFUZZ_DIR)/fuzz_domxml: selftests/fuzz/fuzz_domxml.c selftests/fuzz/fuzz.h \
		tools/libvirt/domxml.c tools/libvirt/domxml.h loader/parse.c loader/port_spec.c \
		loader/vidset.c loader/iplist.c $(wildcard include/bpfvlan/*.h)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PFUZZ_CC) $(PFUZZ_CFLAGS) $(XML_CFLAGS) -Itools/libvirt $< \
		tools/libvirt/domxml.c loader/parse.c loader/port_spec.c loader/vidset.c \
		loader/iplist.c $(XML_LDLIBS) -o $@

# tools/main.c's main() becomes bv_cli_main(); libFuzzer brings main().
# tools/clock.c becomes selftests/fuzz/fake_clock.c (no sleeping).
# The pure files of the library (no kernel), linked as they are.
CLI_FUZZ_LIB	:= loader/conf.c loader/conf_parse.c loader/log.c loader/parse.c \
		   loader/plan.c loader/policy.c loader/port_spec.c loader/vidset.c \
		   loader/iplist.c loader/mirror_spec.c loader/trace_names.c

$(PFUZZ_DIR)/fuzz_cli: selftests/fuzz/fuzz_cli.c selftests/fuzz/cli_stubs.c \
		selftests/fuzz/fake_clock.c $(CLI_FUZZ_LIB) \
		$(filter-out tools/clock.c,$(TOOLS_SRCS)) selftests/fuzz/fuzz.h \
		selftests/fuzz/cli_stubs.h $(wildcard include/bpfvlan/*.h tools/*.h maps/*.h)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PFUZZ_CC) $(PFUZZ_CFLAGS) -Itools -Dmain=bv_cli_main $(filter %.c,$^) \
		$(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null) -o $@

.PHONY: fuzz-parsers fuzz-parsers-smoke asan-test
fuzz-parsers: $(PFUZZ_BINS)
	$(Q)BUILD=$(abspath $(BUILD)) selftests/fuzz/run.sh $(PFUZZ_SECONDS) $(PFUZZ_NAMES)

fuzz-parsers-smoke: $(PFUZZ_BINS)
	$(Q)echo "== parser fuzzing (libFuzzer, $(PFUZZ_SMOKE_SECONDS) s each)"
	$(Q)BUILD=$(abspath $(BUILD)) selftests/fuzz/run.sh $(PFUZZ_SMOKE_SECONDS) $(PFUZZ_NAMES)

# A second build of the unit tests and the CLI in $(BUILD)/asan; any
# sanitizer report fails the test that made it.
ASAN_BUILD	:= $(BUILD)/asan
SAN_CFLAGS	:= -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		   -fno-sanitize-recover=all
SAN_ENV		:= ASAN_OPTIONS=detect_leaks=1 \
		   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

asan-test: $(BUILD)/bvpkt
	$(Q)echo "== unit tests with ASan+UBSan"
	$(Q)$(SAN_ENV) $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) \
		CFLAGS="$(SAN_CFLAGS)" LDFLAGS="$(SAN_CFLAGS)" \
		unit-test $(ASAN_BUILD)/bpfvlan $(ASAN_BUILD)/bpfvlan-test \
		$(ASAN_BUILD)/bpfvlan-libvirt-hook
	$(Q)BUILD=$(abspath $(BUILD)) BV_BIN=$(abspath $(ASAN_BUILD))/bpfvlan \
		BV_TEST_BIN=$(abspath $(ASAN_BUILD))/bpfvlan-test \
		selftests/run.sh asan_cli.sh
	$(Q)BUILD=$(abspath $(BUILD)) \
		HOOK=$(abspath $(ASAN_BUILD))/bpfvlan-libvirt-hook \
		selftests/run.sh libvirt_hook
