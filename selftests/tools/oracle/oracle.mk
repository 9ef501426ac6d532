# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# bvoracle: the Linux bridge as a second oracle (selftests/guest/
# test_bridge_oracle.sh). Built from the fuzzer's generator, the reference
# model and bpfvlan's loader (FDB flush and delete, as `bpfvlan fdb` does).
# Included by selftests/selftests.mk after pkt.mk (MODEL_OBJ, GEN_OBJ).

ORACLE_SRCS	:= $(wildcard selftests/tools/oracle/*.c)
ORACLE_OBJS	:= $(patsubst %.c,$(BUILD)/obj/%.o,$(ORACLE_SRCS))
LOADER_OBJS	:= $(patsubst %.c,$(BUILD)/obj/%.o,$(LOADER_SRCS))

$(ORACLE_OBJS): ALL_CFLAGS += -Iselftests/model
$(ORACLE_OBJS): $(wildcard selftests/tools/oracle/*.h) selftests/model/bv_gen.h \
		selftests/model/bv_model.h

$(BUILD)/bvoracle: $(ORACLE_OBJS) $(MODEL_OBJ) $(GEN_OBJ) $(LOADER_OBJS) \
		$(BUILD)/obj/tools/parse.o
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIB_LDLIBS) -o $@

TEST_TOOLS	+= $(BUILD)/bvoracle
