/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "store.h"

#define STORE_CAP 8

static int keys[STORE_CAP], values[STORE_CAP], used;

void store_put(int key, int value)
{
	int at = store_index_of(key);

	if (at < 0 && used < STORE_CAP)
		at = used++;
	if (at >= 0) {
		keys[at] = key;
		values[at] = store_clamp(value, 0, 10);
	}
}

int store_get(int key)
{
	int at = store_index_of(key);

	return at < 0 ? -1 : values[at];
}

int store_size(void)
{
	return used;
}

int store_sum(void)
{
	int s = 0;

	for (int i = 0; i < used; i++)
		s += values[i];
	return s;
}

int store_key_at(int i);
int store_key_at(int i)
{
	return i < used ? keys[i] : -1;
}
