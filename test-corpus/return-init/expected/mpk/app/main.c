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

extern __typeof__(store_get) __flexcc_gate__main__storage__store_get; static int get_direct(int key)
{
	return __flexcc_gate__main__storage__store_get(key);
}

static int get_parenthesised(int key)
{
	return (__flexcc_gate__main__storage__store_get(key));
}

static int get_sum(int a, int b)
{
	return __flexcc_gate__main__storage__store_get(a) + __flexcc_gate__main__storage__store_get(b);
}

extern __typeof__(store_name) __flexcc_gate__main__storage__store_name; static const char *get_name(int key)
{
	if (key < 0)
		return "none";
	return __flexcc_gate__main__storage__store_name(key);
}

extern __typeof__(store_count) __flexcc_gate__main__storage__store_count; static int last_index(void)
{
	static int cached = -1;

	if (cached < 0) {
		int n = __flexcc_gate__main__storage__store_count();

		cached = n - 1;
	}
	return cached;
}

int main(void)
{
	int first = __flexcc_gate__main__storage__store_get(0);
	const int second = __flexcc_gate__main__storage__store_get(1), third = get_direct(2);
	const char *name = __flexcc_gate__main__storage__store_name(3);
	struct entry e = { 1, __flexcc_gate__main__storage__store_get(1), __flexcc_gate__main__storage__store_name(1) };
	struct entry d = { .name = __flexcc_gate__main__storage__store_name(2), .key = 2,
			   .value = __flexcc_gate__main__storage__store_get(2) };
	int all[] = { __flexcc_gate__main__storage__store_get(0), __flexcc_gate__main__storage__store_get(1),
		      __flexcc_gate__main__storage__store_get(2), __flexcc_gate__main__storage__store_get(3) };
	struct entry *lit = &(struct entry){ 3, __flexcc_gate__main__storage__store_get(3), "lit" };
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
