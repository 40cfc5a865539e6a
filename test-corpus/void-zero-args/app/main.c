/* SPDX-License-Identifier: Apache-2.0 */
/* Void gates and gates without arguments. */
#include <stdio.h>
#include <flexos.h>
#include "../counter/counter.h"

static void tick_n(int n)
{
	for (int i = 0; i < n; flexos_gate(libcounter, counter_tick))
		i++;
}

int main(void)
{
	int v;

	flexos_gate(libcounter, counter_print, "initial");
	flexos_gate(libcounter, counter_reset);
	flexos_gate(libcounter, counter_tick);
	flexos_gate(libcounter,counter_tick );
	( void ) flexos_gate( libcounter , counter_get );
	tick_n(3);
	flexos_gate(libcounter, counter_add, 10);
	v = (flexos_gate(libcounter, counter_tick), flexos_gate(libcounter, counter_get));
	printf("v=%d\n", v);
	v > 10 ? flexos_gate(libcounter, counter_add, -10) : flexos_gate(libcounter, counter_reset);
	if (flexos_gate(libcounter, counter_get) == 6)
		flexos_gate(libcounter, counter_print, "after");
	else
		flexos_gate(libcounter, counter_reset);
	return flexos_gate(libcounter, counter_get);
}
