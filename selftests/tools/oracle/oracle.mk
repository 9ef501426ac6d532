# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# bvoracle: the Linux bridge as a second oracle (selftests/guest/
# test_bridge_oracle.sh). Built from the fuzzer's generator, the reference
# model and libbpfvlan (FDB flush and delete, as `bpfvlan fdb` does).
# Included by selftests/selftests.mk after pkt.mk (MODEL_OBJ, GEN_OBJ).

ORACLE_SRCS	:= $(wildcard selftests/tools/oracle/*.c)
ORACLE_OBJS	:= $(patsubst %.c,$(BUILD)/obj/%.o,$(ORACLE_SRCS))

# A test tool: reaches inside the library, like the packet tests.
$(BUILD)/obj/selftests/tools/oracle/%.o: selftests/tools/oracle/%.c $(SKEL) \
		$(PUBLIC_HDRS) $(wildcard selftests/tools/oracle/*.h) \
		selftests/model/bv_gen.h selftests/model/bv_model.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Iselftests/model -c $< -o $@

$(BUILD)/bvoracle: $(ORACLE_OBJS) $(MODEL_OBJ) $(GEN_OBJ) $(LOADER_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIB_LDLIBS) -o $@

TEST_TOOLS	+= $(BUILD)/bvoracle
