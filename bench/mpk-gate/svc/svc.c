/* SPDX-License-Identifier: Apache-2.0 */
#include "svc.h"

int f0(void) { return 42; }

long f6(long a, long b, long c, long d, long e, long f)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}
