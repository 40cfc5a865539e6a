/* SPDX-License-Identifier: Apache-2.0 */
/* Void gates and gates without arguments. */
#include <stdio.h>
#include <flexos.h>
#include "../counter/counter.h"

extern __typeof__(counter_tick) __flexcc_gate__main__counterc__counter_tick; static void tick_n(int n)
{
	for (int i = 0; i < n; __flexcc_gate__main__counterc__counter_tick())
		i++;
}

extern __typeof__(counter_print) __flexcc_gate__main__counterc__counter_print; extern __typeof__(counter_reset) __flexcc_gate__main__counterc__counter_reset; extern __typeof__(counter_add) __flexcc_gate__main__counterc__counter_add; extern __typeof__(counter_get) __flexcc_gate__main__counterc__counter_get; int main(void)
{
	int v;

	__flexcc_gate__main__counterc__counter_print(__FLEXOS_SHARED_STR("initial"));
	__flexcc_gate__main__counterc__counter_reset();
	__flexcc_gate__main__counterc__counter_tick();
	__flexcc_gate__main__counterc__counter_tick();
	( void ) __flexcc_gate__main__counterc__counter_get();
	tick_n(3);
	__flexcc_gate__main__counterc__counter_add(10);
	v = (__flexcc_gate__main__counterc__counter_tick(), __flexcc_gate__main__counterc__counter_get());
	printf("v=%d\n", v);
	v > 10 ? __flexcc_gate__main__counterc__counter_add(-10) : __flexcc_gate__main__counterc__counter_reset();
	if (__flexcc_gate__main__counterc__counter_get() == 6)
		__flexcc_gate__main__counterc__counter_print(__FLEXOS_SHARED_STR("after"));
	else
		__flexcc_gate__main__counterc__counter_reset();
	return __flexcc_gate__main__counterc__counter_get();
}
