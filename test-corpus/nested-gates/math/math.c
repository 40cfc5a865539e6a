/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "math.h"

int math_add(int a, int b)
{
	return a + b;
}

int math_mul(int a, int b)
{
	return a * b;
}

/* A gate into its own library: stays a plain call under every mechanism. */
int math_sq(int a)
{
	return flexos_gate(libmath, math_mul, a, a);
}
