/* SPDX-License-Identifier: Apache-2.0 */
/* Gates in return statements and initializers. */
#include <stdio.h>
#include <flexos.h>
#include "../store/store.h"

struct entry {
	int key;
	int value;
	const char *name;
};

static int get_direct(int key)
{
	return flexos_gate(libstore, store_get, key);
}

static int get_parenthesised(int key)
{
	return (flexos_gate(libstore, store_get, key));
}

static int get_sum(int a, int b)
{
	return flexos_gate(libstore, store_get, a) + flexos_gate(libstore, store_get, b);
}

static const char *get_name(int key)
{
	if (key < 0)
		return "none";
	return flexos_gate(libstore, store_name, key);
}

static int last_index(void)
{
	static int cached = -1;

	if (cached < 0) {
		int n = flexos_gate(libstore, store_count);

		cached = n - 1;
	}
	return cached;
}

int main(void)
{
	int first = flexos_gate(libstore, store_get, 0);
	const int second = flexos_gate(libstore, store_get, 1), third = get_direct(2);
	const char *name = flexos_gate(libstore, store_name, 3);
	struct entry e = { 1, flexos_gate(libstore, store_get, 1), flexos_gate(libstore, store_name, 1) };
	struct entry d = { .name = flexos_gate(libstore, store_name, 2), .key = 2,
			   .value = flexos_gate(libstore, store_get, 2) };
	int all[] = { flexos_gate(libstore, store_get, 0), flexos_gate(libstore, store_get, 1),
		      flexos_gate(libstore, store_get, 2), flexos_gate(libstore, store_get, 3) };
	struct entry *lit = &(struct entry){ 3, flexos_gate(libstore, store_get, 3), "lit" };
	int total = 0;

	for (int i = 0; i < (int)(sizeof(all) / sizeof(all[0])); i++)
		total += all[i];
	printf("first=%d second=%d third=%d name=%s\n", first, second, third, name);
	printf("e={%d,%d,%s} d={%d,%d,%s}\n", e.key, e.value, e.name, d.key, d.value, d.name);
	printf("lit={%d,%d,%s} total=%d\n", lit->key, lit->value, lit->name, total);
	printf("paren=%d sum=%d names=%s,%s last=%d\n", get_parenthesised(3), get_sum(0, 3),
	       get_name(-1), get_name(0), last_index());
	return total == 100 ? 0 : 1;
}
