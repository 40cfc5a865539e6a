/* SPDX-License-Identifier: Apache-2.0 */
#include "calc.h"

int calc_inc(int v)
{
	return v + 1;
}

long calc_size(void)
{
	return 4;
}

int calc_zero(void)
{
	return 0;
}
