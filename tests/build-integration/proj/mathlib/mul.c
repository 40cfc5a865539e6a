/* SPDX-License-Identifier: Apache-2.0 */
#include "calc.h"

int math_mul(int a, int b)
{
	return a * b;
}

int math_sum_squares(int n)
{
	int sum = 0;
	for (int i = 1; i <= n; i++)
		sum = math_add(sum, math_mul(i, i));
	return sum;
}
