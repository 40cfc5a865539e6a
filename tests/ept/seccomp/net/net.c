/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compartment 'net' of tests/ept/seccomp: restricted to write(2) by
 * restricted.yaml. Computes, writes with write(2) and with stdio, allocates,
 * and, in net_open(), opens a file: a forbidden system call there.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "net.h"

static int calls; /* private to compartment net */

int net_add(int a, int b)
{
	calls++;
	return a + b;
}

/* "net: hello <n>\n" with write(2), built here. */
int net_hello(int n)
{
	char buf[32] = "net: hello ";
	size_t len = strlen(buf);
	char digits[12];
	int k = 0;

	calls++;
	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n && k < 11);
	while (k)
		buf[len++] = digits[--k];
	buf[len++] = '\n';
	return (int)write(STDOUT_FILENO, buf, len);
}

/* stdio and the heap, under the filter. */
int net_printf(int n)
{
	size_t sz = (size_t)n * 4096;
	char *p = malloc(sz);
	int sum = 0;

	calls++;
	if (!p)
		return -1;
	memset(p, 1, sz);
	for (size_t i = 0; i < sz; i += 4096)
		sum += p[i];
	free(p);
	printf("net: printf %d (calls %d)\n", sum, calls);
	return sum;
}

int net_open(void)
{
	int fd = open("/etc/hostname", O_RDONLY);

	calls++;
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}
