/* SPDX-License-Identifier: Apache-2.0 */
#include "calc.h"

int calc_add(int a, int b)
{
	return a + b;
}

int calc_mul(int a, int b)
{
	return a * b;
}

long calc_neg(long v)
{
	return -v;
}

unsigned calc_mask(unsigned v, unsigned bits)
{
	return v & ((1u << bits) - 1u);
}
