/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <flexos.h>
#include "num.h"

int num_sum(const int *v, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += abs(v[i]);
	return s;
}
