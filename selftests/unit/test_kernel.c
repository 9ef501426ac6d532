// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: the kernel floor (loader/kernel.c), by release strings as
 * uname(2) gives them.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(at_or_above),
		cmocka_unit_test(below),
		cmocka_unit_test(unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
