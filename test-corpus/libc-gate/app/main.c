/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flexos.h>
#include "../num/num.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	int v[] = { 5, -3, 9, -1, 0 };
	char line[32];
	size_t len;

	flexos_gate(libc, qsort, v, 5, sizeof(v[0]), cmp_int);
	flexos_gate(libc, snprintf, line, sizeof(line), "%d,%d,%d,%d,%d", v[0], v[1], v[2], v[3], v[4]);
	len = flexos_gate(libc, strlen, line);
	flexos_gate(libc, puts, line);
	flexos_gate(libc, printf, "len=%zu cmp=%d abs=%d\n", len,
		    flexos_gate(libc, memcmp, "abc", "abd", 3) < 0, flexos_gate(libc, abs, -7));
	printf("sum=%d\n", flexos_gate(libnum, num_sum, v, 5));
	return flexos_gate(libc, abs, -2);
}
