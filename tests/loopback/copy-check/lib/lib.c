/* SPDX-License-Identifier: Apache-2.0 */
#include "lib.h"

#include <flexcc/heap.h>
#include <stdio.h>
#include <string.h>

static const char *where(const void *p)
{
	return flexcc_heap_of(p) == FLEXCC_HEAP_SHARED ? "shared" : "private";
}

int inspect(const char *name, char *out, unsigned long n, int *counter)
{
	unsigned long i;
	int zero = 1;

	for (i = 0; i < n; i++)
		zero &= out[i] == 0;
	printf("callee: name '%s' in %s memory\n", name, where(name));
	printf("callee: out in %s memory, %s\n", where(out),
	       zero ? "zeroed" : "NOT ZEROED");
	printf("callee: counter %d in %s memory\n", *counter, where(counter));
	snprintf(out, n, "hello %s", name);
	++*counter;
	return 0;
}

long consume(const char *buf, unsigned long n)
{
	return buf[0] + (long)n;
}
