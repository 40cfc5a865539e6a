/* SPDX-License-Identifier: Apache-2.0 */
#include "math.h"

int math_add(int a, int b)
{
	return a + b;
}

int math_mul(int a, int b)
{
	return a * b;
}
