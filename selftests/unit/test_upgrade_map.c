// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * cmocka: `upgrade`'s map migration rules (loader/upgrade_map.c): which
 * layout changes a rule takes (bpfvlan_maps.h, "Versioning"), and how a
 * value is carried into a larger one, per-CPU strides included.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include "upgrade.h"

static const struct bv_map_shape fdb = {
	.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 24,
	.max_entries = 16384, .btf_name = "bv_fdb_entry",
};

static void same_layout(void **state)
{
	struct bv_map_shape s = fdb;

	(void)state;
	assert_true(bv_map_shape_same(&fdb, &s));
	/* a map the kernel made without BTF (devmap, queue) has no name */
	s.btf_name[0] = 0;
	assert_true(bv_map_shape_same(&fdb, &s));
	/* devmaps: the kernel adds BPF_F_RDONLY_PROG itself */
	s.flags = BPF_F_RDONLY_PROG;
	assert_true(bv_map_shape_same(&fdb, &s));
	s.flags = BPF_F_NO_PREALLOC;
	assert_false(bv_map_shape_same(&fdb, &s));
	s = fdb;
	s.value_size = 32;
	assert_false(bv_map_shape_same(&fdb, &s));
	s = fdb;
	strcpy(s.btf_name, "bv_fdb_entry2");
	assert_false(bv_map_shape_same(&fdb, &s));
}

static void what_rules_take(void **state)
{
	struct bv_map_shape s = fdb;

	(void)state;
	/* fields appended: taken */
	s.value_size = 32;
	assert_int_equal(bv_mig_check(BV_MIG_HASH, &fdb, &s), 0);
	/* a value that shrank, a key that changed, another type, fewer
	 * entries, a struct renamed: refused
	 */
	assert_int_equal(bv_mig_check(BV_MIG_HASH, &s, &fdb), -EOPNOTSUPP);
	s = fdb;
	s.key_size = 12;
	assert_int_equal(bv_mig_check(BV_MIG_HASH, &fdb, &s), -EOPNOTSUPP);
	s = fdb;
	s.type = BPF_MAP_TYPE_LRU_HASH;
	assert_int_equal(bv_mig_check(BV_MIG_HASH, &fdb, &s), -EOPNOTSUPP);
	s = fdb;
	s.max_entries = 4096;
	assert_int_equal(bv_mig_check(BV_MIG_HASH, &fdb, &s), -EOPNOTSUPP);
	s = fdb;
	strcpy(s.btf_name, "bv_fdb_entry2");
	assert_int_equal(bv_mig_check(BV_MIG_HASH, &fdb, &s), -EOPNOTSUPP);
	/* no rule: nothing; an empty start: anything */
	assert_int_equal(bv_mig_check(BV_MIG_NONE, &fdb, &fdb), -EOPNOTSUPP);
	s.key_size = 1;
	assert_int_equal(bv_mig_check(BV_MIG_EMPTY, &fdb, &s), 0);
	/* counters are whole __u64s */
	s = fdb;
	s.value_size = 28;
	assert_int_equal(bv_mig_check(BV_MIG_COUNTERS, &fdb, &s), -EOPNOTSUPP);
}

static void rules_of_maps(void **state)
{
	(void)state;
	assert_int_equal(bv_mig_rule_of("bv_fdb"), BV_MIG_HASH);
	assert_int_equal(bv_mig_rule_of("bv_stats"), BV_MIG_COUNTERS);
	assert_int_equal(bv_mig_rule_of("bv_learn_cnt"), BV_MIG_COUNTERS);
	assert_int_equal(bv_mig_rule_of("bv_learned"), BV_MIG_EMPTY);
	assert_int_equal(bv_mig_rule_of("bv_age_queue"), BV_MIG_AGE_QUEUE);
	assert_int_equal(bv_mig_rule_of("bv_flood"), BV_MIG_FLOOD);
	assert_int_equal(bv_mig_rule_of("bv_fdb_x"), BV_MIG_NONE);
}

/* A value as a prefix, zeros after: the old bytes kept, the new field 0. */
static void value_grows(void **state)
{
	unsigned char src[12], dst[16];

	(void)state;
	memset(src, 0xab, sizeof(src));
	memset(dst, 0xee, sizeof(dst));
	bv_mig_value(dst, sizeof(dst), src, sizeof(src), 0);
	assert_memory_equal(dst, src, sizeof(src));
	for (size_t i = sizeof(src); i < sizeof(dst); i++)
		assert_int_equal(dst[i], 0);
}

/* Per CPU, each value rounded up to 8 bytes: 12 -> 16 and 20 -> 24. */
static void percpu_strides(void **state)
{
	unsigned char src[3 * 16], dst[3 * 24];

	(void)state;
	assert_int_equal(bv_mig_value_len(BPF_MAP_TYPE_PERCPU_ARRAY, 12, 3), 48);
	assert_int_equal(bv_mig_value_len(BPF_MAP_TYPE_ARRAY, 12, 3), 12);
	for (int c = 0; c < 3; c++)
		memset(src + 16 * c, 0x10 + c, 16);
	memset(dst, 0xee, sizeof(dst));
	bv_mig_value(dst, 20, src, 12, 3);
	for (int c = 0; c < 3; c++) {
		for (int i = 0; i < 12; i++)
			assert_int_equal(dst[24 * c + i], 0x10 + c);
		for (int i = 12; i < 24; i++)
			assert_int_equal(dst[24 * c + i], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_layout),
		cmocka_unit_test(what_rules_take),
		cmocka_unit_test(rules_of_maps),
		cmocka_unit_test(value_grows),
		cmocka_unit_test(percpu_strides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
