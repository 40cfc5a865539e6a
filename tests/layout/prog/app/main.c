/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <flexos.h>

int net_work(int x);
int store_work(int x);
int net_shared_literal(const char *s);
int flexcc_heap_of(const void *p);

int app_data = 3;
int app_bss;
const int app_ro[300] = { 4, 5, 6 };
const char *const app_str = "a literal of app";

int main(void)
{
	static int app_calls;
	void *p = malloc(100);
	void *s = flexos_malloc_shared(32);
	void *w = flexos_malloc_whitelist(48, libnet);
	int net = flexos_gate(libnet, net_work, 1);
	int store = flexos_gate(libstore, store_work, 2);

	app_calls++;
	app_bss = app_data + app_ro[1];
	printf("heaps: main %d, io %d, db %d\n", flexcc_heap_of(p), net, store);
	printf("%s %d %d\n", app_str, app_bss, app_calls);
	printf("shared heap: %d %d\n", flexcc_heap_of(s) == FLEXCC_HEAP_SHARED,
	       flexcc_heap_of(w) == FLEXCC_HEAP_SHARED);
	printf("shared literals: %d %d\n",
	       flexos_gate(libnet, net_shared_literal, "through a gate"),
	       flexos_gate(libnet, net_shared_literal,
			   FLEXOS_SHARED_LITERAL("FlexOS" " style")));
	flexos_free_shared(s);
	free(w); /* a shared block freed by a compartment's free() */
	free(p);
	return 0;
}
