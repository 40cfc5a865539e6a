/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The math library's interface, shared by the application and the math
 * library itself. Annotated: calc_twice() holds a gate, so flexcc rewrites
 * this header in every source that includes it.
 */
#ifndef CALC_H
#define CALC_H

#include <flexos.h>

int math_add(int a, int b);
int math_mul(int a, int b);
int math_sum_squares(int n);

static inline int calc_twice(int x)
{
	return flexos_gate(libmathlib, math_add, x, x);
}

#endif
