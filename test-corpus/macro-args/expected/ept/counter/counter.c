/* SPDX-License-Identifier: Apache-2.0 */
#include "counter.h"

static int value;

int counter_next(void)
{
	return ++value;
}
