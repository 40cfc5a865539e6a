/* SPDX-License-Identifier: Apache-2.0 */
#include "calc.h"

int math_add(int a, int b)
{
	return a + b;
}
