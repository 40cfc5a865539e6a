/* SPDX-License-Identifier: Apache-2.0 */
#include "kv.h"

static struct kv_pair table[16];
static int used;

int kv_set(int key, int value)
{
	for (int i = 0; i < used; i++) {
		if (table[i].key == key) {
			table[i].value = value;
			return 0;
		}
	}
	if (used == 16)
		return -1;
	table[used].key = key;
	table[used].value = value;
	used++;
	return 1;
}

int kv_get(int key, int fallback)
{
	for (int i = 0; i < used; i++)
		if (table[i].key == key)
			return table[i].value;
	return fallback;
}

int kv_count(void)
{
	return used;
}

struct kv_pair kv_at(int index)
{
	struct kv_pair none = { -1, -1 };

	return index >= 0 && index < used ? table[index] : none;
}

void kv_clear(void)
{
	used = 0;
}
