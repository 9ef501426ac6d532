# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Benchmarks (docs/PERFORMANCE.md), included by the top-level Makefile.
# `make bench` (root) builds bpfvlan and the driver, runs
# selftests/bench/bench.sh and writes build/bench/results.{json,md}.
# Never part of `make check`.

BENCH_DIR	:= $(BUILD)/bench
BENCH_SRCS	:= $(filter-out %.bpf.c,$(wildcard selftests/bench/*.c))
BENCH_HDRS	:= $(wildcard selftests/bench/*.h)

$(BENCH_DIR)/bvbench.tmp.bpf.o: selftests/bench/bvbench.bpf.c selftests/bench/bvbench_gen.h
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BENCH_DIR)/bvbench.bpf.o: $(BENCH_DIR)/bvbench.tmp.bpf.o
	$(call msg,GEN-OBJ,$@)
	$(Q)$(BPFTOOL) gen object $@ $<

$(BENCH_DIR)/bvbench.skel.h: $(BENCH_DIR)/bvbench.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name bvbench > $@

$(BENCH_DIR)/bvbench: $(BENCH_SRCS) $(BENCH_HDRS) $(BENCH_DIR)/bvbench.skel.h
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(BENCH_DIR) -Iselftests/bench $(BENCH_SRCS) \
		$(LIB_LDLIBS) -o $@

.PHONY: bench bench-tools
bench-tools: all $(BENCH_DIR)/bvbench

bench: ensure-deps
	$(Q)$(MAKE) --no-print-directory bench-tools
	$(Q)BUILD=$(abspath $(BUILD)) selftests/bench/bench.sh
