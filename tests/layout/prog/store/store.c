/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

int flexcc_heap_of(const void *p);

int store_data = 7;
int store_bss;
const int store_ro[300] = { 1, 2, 3 };
const char *const store_str = "a literal of store";

/* Returns the index of the heap its allocations come from, after using
 * every kind of data. */
int store_work(int x)
{
	static int store_calls;
	char *p = malloc(64 + (size_t)x);
	int heap;

	if (!p)
		return -1;
	strcpy(p, store_str);
	store_calls++;
	store_bss += store_data + store_ro[x & 3] + (int)strlen(p);
	heap = flexcc_heap_of(p);
	free(p);
	return heap;
}
