/* SPDX-License-Identifier: Apache-2.0 */
/* The store library: a tiny open-addressing table; keys go through the codec. */
#include <string.h>
#include <flexos.h>
#include "store.h"
#include "codec.h"

#define SLOTS 16

static struct {
	char key[16];
	int value;
	int used;
} table[SLOTS];
static int size;

static int slot_of(const char *key)
{
	unsigned h = flexos_gate(libcodec, codec_hash, key);

	for (int i = 0; i < SLOTS; i++) {
		int s = (int)((h + (unsigned)i) % SLOTS);
		if (!table[s].used || strcmp(table[s].key, key) == 0)
			return s;
	}
	return -1;
}

int store_put(const char *key, int value)
{
	int s = slot_of(key);

	if (s < 0 || strlen(key) >= sizeof(table[s].key))
		return -1;
	if (!table[s].used)
		size++;
	table[s].used = 1;
	strcpy(table[s].key, key);
	table[s].value = flexos_gate(libcodec, codec_scramble, value, 0x5a);
	return s;
}

int store_get(const char *key, int *value)
{
	int s = slot_of(key);

	if (s < 0 || !table[s].used)
		return 0;
	*value = flexos_gate(libcodec, codec_scramble, table[s].value, 0x5a);
	return 1;
}

int store_size(void)
{
	return size;
}
