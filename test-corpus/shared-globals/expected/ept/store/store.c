/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <flexos.h>
#include "store.h"

int store_total __attribute__((section(".flexos_shared.data")));
const char store_version[] __attribute__((section(".flexos_shared.rodata"))) = "store-1";

/* Writes a message into dst, a shared buffer of the caller's. */
int store_fill(char *dst, int n)
{
	static const char msg[] = "filled by store";
	int len = (int)sizeof(msg) < n ? (int)sizeof(msg) : n;

	memcpy(dst, msg, (size_t)len);
	dst[len - 1] = '\0';
	store_total += len;
	return len;
}

int store_sum(const int *v, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	store_total += s;
	return s;
}
