/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "counter.h"

static int value = 100;

void counter_reset(void)
{
	value = 0;
}

void counter_tick(void)
{
	value++;
}

void counter_add(int n)
{
	value += n;
}

int counter_get(void)
{
	return value;
}

void counter_print(const char *label)
{
	printf("%s: %d\n", label, value);
}
