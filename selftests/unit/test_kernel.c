// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: the kernel floor and the device-bound XDP rule
 * (loader/kernel.c), by release strings as uname(2) gives them.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "kernel.h"

static void at_or_above(void **state)
{
	(void)state;
	assert_int_equal(bv_kernel_floor_check("6.1.0-57-amd64"), 0);
	assert_int_equal(bv_kernel_floor_check("6.1"), 0);
	assert_int_equal(bv_kernel_floor_check("6.12.117+deb13-amd64"), 0);
	assert_int_equal(bv_kernel_floor_check("6.8.0-49-generic"), 0);
	assert_int_equal(bv_kernel_floor_check("6.18.0"), 0);
	assert_int_equal(bv_kernel_floor_check("7.0.0-rc1"), 0);
	assert_int_equal(bv_kernel_floor_check("10.0"), 0);
}

static void below(void **state)
{
	(void)state;
	assert_int_equal(bv_kernel_floor_check("6.0.19"), -EOPNOTSUPP);
	assert_int_equal(bv_kernel_floor_check("5.15.0-91-generic"), -EOPNOTSUPP);
	assert_int_equal(bv_kernel_floor_check("5.19.17"), -EOPNOTSUPP);
	assert_int_equal(bv_kernel_floor_check("4.19.0-26-amd64"), -EOPNOTSUPP);
	/* minor 10 is not minor 1 */
	assert_int_equal(bv_kernel_floor_check("5.10.0-30-amd64"), -EOPNOTSUPP);
}

/* Nothing to judge by: not refused. */
static void unreadable(void **state)
{
	(void)state;
	assert_int_equal(bv_kernel_floor_check(""), 0);
	assert_int_equal(bv_kernel_floor_check("linux"), 0);
	assert_int_equal(bv_kernel_floor_check("6"), 0);
	assert_int_equal(bv_kernel_floor_check("6."), 0);
}

/* Device-bound XDP only where deleting the device was seen not to crash. */
static void dev_bound(void **state)
{
	(void)state;
	assert_true(bv_kernel_dev_bound_safe("6.18.44-fc-v1272"));
	assert_true(bv_kernel_dev_bound_safe("6.19.0"));
	assert_true(bv_kernel_dev_bound_safe("7.0.0-rc1"));
	assert_false(bv_kernel_dev_bound_safe("6.12.117+deb13-amd64"));
	assert_false(bv_kernel_dev_bound_safe("6.8.0-49-generic"));
	assert_false(bv_kernel_dev_bound_safe("6.17.9"));
	/* minor 1 is not minor 18 */
	assert_false(bv_kernel_dev_bound_safe("6.1.0-57-amd64"));
	/* unknown: not safe */
	assert_false(bv_kernel_dev_bound_safe(""));
	assert_false(bv_kernel_dev_bound_safe("linux"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(at_or_above),
		cmocka_unit_test(below),
		cmocka_unit_test(unreadable),
		cmocka_unit_test(dev_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
