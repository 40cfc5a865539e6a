/* SPDX-License-Identifier: Apache-2.0 */
/* Void gates and gates without arguments. */
#include <stdio.h>
#include <flexos.h>
#include "../counter/counter.h"

static void tick_n(int n)
{
	for (int i = 0; i < n; counter_tick())
		i++;
}

int main(void)
{
	int v;

	counter_print("initial");
	counter_reset();
	counter_tick();
	counter_tick();
	( void ) counter_get();
	tick_n(3);
	counter_add(10);
	v = (counter_tick(), counter_get());
	printf("v=%d\n", v);
	v > 10 ? counter_add(-10) : counter_reset();
	if (counter_get() == 6)
		counter_print("after");
	else
		counter_reset();
	return counter_get();
}
