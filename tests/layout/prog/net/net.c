/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

int flexcc_heap_of(const void *p);

int net_data = 7;
int net_bss;
const int net_ro[300] = { 1, 2, 3 };
const char *const net_str = "a literal of net";

/* Returns the index of the heap its allocations come from, after using
 * every kind of data. */
int net_work(int x)
{
	static int net_calls;
	char *p = malloc(64 + (size_t)x);
	int heap;

	if (!p)
		return -1;
	strcpy(p, net_str);
	net_calls++;
	net_bss += net_data + net_ro[x & 3] + (int)strlen(p);
	heap = flexcc_heap_of(p);
	free(p);
	return heap;
}

extern char __flexos_shared_rodata_start[], __flexos_shared_rodata_end[];

/* 1 when @p s lies in the shared read-only data, where flexcc puts the
 * literals passed through gates. */
int net_shared_literal(const char *s)
{
	return s >= __flexos_shared_rodata_start &&
	       s < __flexos_shared_rodata_end && strlen(s) > 0;
}
