/* SPDX-License-Identifier: Apache-2.0 */
#include "../lib/lib.h"

#include <flexcc/heap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char name[] = "private-name";
	char out[32];
	int counter = 41;
	char *big = malloc(2u << 20);

	memset(out, 'x', sizeof(out));
	printf("caller: name, out and counter in %s memory\n",
	       flexcc_heap_of(name) == -1 && flexcc_heap_of(out) == -1 &&
			       flexcc_heap_of(&counter) == -1
		       ? "private"
		       : "SHARED");
	flexos_gate(liblib, inspect, name, out, sizeof(out), &counter);
	printf("caller: out '%s', counter %d\n", out, counter);

	memset(big, 'b', 2u << 20);
	printf("caller: 1 MiB fits: %ld\n",
	       flexos_gate(liblib, consume, big, 1u << 20));
	fflush(stdout);
	/* Too large for the bounce buffer: a reported fault. */
	flexos_gate(liblib, consume, big, 2u << 20);
	printf("caller: NOT REACHED\n");
	return 0;
}
