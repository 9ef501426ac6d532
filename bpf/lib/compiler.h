/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Branch hints. clang lays out the hinted path straight and, more to the
 * point here, places spill code by block frequency: with only four
 * callee-saved registers, values live across a helper call on a cold path
 * (learning, a cache miss) would otherwise be spilled on the hot one too.
 */
#ifndef BV_LIB_COMPILER_H
#define BV_LIB_COMPILER_H

#define bv_likely(x)	__builtin_expect(!!(x), 1)
#define bv_unlikely(x)	__builtin_expect(!!(x), 0)

#endif /* BV_LIB_COMPILER_H */
