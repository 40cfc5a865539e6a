/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "store.h"

static const int values[] = { 10, 20, 30, 40 };
static const char names[4][7] __attribute__((section(".flexos_shared.rodata"))) = { "ten", "twenty", "thirty", "forty" };

int store_get(int key)
{
	return values[key & 3];
}

const char *store_name(int key)
{
	return names[key & 3];
}

int store_count(void)
{
	return (int)(sizeof(values) / sizeof(values[0]));
}
