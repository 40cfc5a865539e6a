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

extern __typeof__(num_sum) __flexcc_gate__main__numc__num_sum; int main(void)
{
	int v[] = { 5, -3, 9, -1, 0 };
	char line[32];
	size_t len;

	qsort(v, 5, sizeof(v[0]), cmp_int);
	snprintf(line, sizeof(line), "%d,%d,%d,%d,%d", v[0], v[1], v[2], v[3], v[4]);
	len = strlen(line);
	puts(line);
	printf("len=%zu cmp=%d abs=%d\n", len,
		    memcmp("abc", "abd", 3) < 0, abs(-7));
	printf("sum=%d\n", __flexcc_gate__main__numc__num_sum(v, 5));
	return abs(-2);
}
