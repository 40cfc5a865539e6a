#include <flexos.h>
#include <stdio.h>
#include <string.h>
#include "../peer/peer.h"

#define SHOW(what, v) printf("%s=%ld\n", what, (long)(v))

/* A scalar with an initializer, passed by address and returned. */
static int scalar(int start)
{
	int *acc__flexcc_shared __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*acc__flexcc_shared)); { __typeof__(*acc__flexcc_shared) acc__flexcc_init = start * 2; __builtin_memcpy((void *)acc__flexcc_shared, &acc__flexcc_init, sizeof(*acc__flexcc_shared)); }

	peer_add(&(*acc__flexcc_shared), 5);
	SHOW("acc", (*acc__flexcc_shared));
	SHOW("sizeof acc", sizeof (*acc__flexcc_shared));
	return (*acc__flexcc_shared);
}

/* Arrays: sized, sized by a string, a VLA, an aggregate initializer. */
static void arrays(int n)
{
	char (*word__flexcc_shared)[7] __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*word__flexcc_shared)); { __typeof__(*word__flexcc_shared) word__flexcc_init = "shared"; __builtin_memcpy((void *)word__flexcc_shared, &word__flexcc_init, sizeof(*word__flexcc_shared)); }
	int (*nums__flexcc_shared)[4] __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*nums__flexcc_shared)); { __typeof__(*nums__flexcc_shared) nums__flexcc_init = { 1, 2, 3 }; __builtin_memcpy((void *)nums__flexcc_shared, &nums__flexcc_init, sizeof(*nums__flexcc_shared)); }
	char (*vla__flexcc_shared)[n + 1] __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*vla__flexcc_shared));
	char (*buf__flexcc_shared)[16] __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*buf__flexcc_shared));

	peer_fill((*vla__flexcc_shared), (size_t)n, 'z');
	peer_fill((*buf__flexcc_shared), sizeof((*buf__flexcc_shared)) - 1, '-');
	printf("word=%s len=%zu size=%zu\n", (*word__flexcc_shared), strlen((*word__flexcc_shared)), sizeof((*word__flexcc_shared)));
	printf("vla=%s size=%zu\n", (*vla__flexcc_shared), sizeof (*vla__flexcc_shared));
	printf("buf=%s\n", (*buf__flexcc_shared));
	(*nums__flexcc_shared)[3] = (int)peer_sum((*nums__flexcc_shared), 3);
	SHOW("sum", peer_sum((*nums__flexcc_shared), (int)(sizeof((*nums__flexcc_shared)) / sizeof((*nums__flexcc_shared)[0]))));
}

/* A struct with a designated initializer, its members, and a copy. */
static void structs(void)
{
	struct pair *pr__flexcc_shared __attribute__((flexos_whitelist)) __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*pr__flexcc_shared)); { __typeof__(*pr__flexcc_shared) pr__flexcc_init = { .first = 3, .second = 40, .tag = "app" }; __builtin_memcpy((void *)pr__flexcc_shared, &pr__flexcc_init, sizeof(*pr__flexcc_shared)); }
	struct pair copy;

	peer_pair(&(*pr__flexcc_shared));
	copy = (*pr__flexcc_shared);
	printf("pair=%d,%ld,%s copy=%s\n", (*pr__flexcc_shared).first, (*pr__flexcc_shared).second, (*pr__flexcc_shared).tag, copy.tag);
}

/* Every way out of a scope, in a loop that allocates each time round. */
static int exits(int rounds)
{
	int total = 0, i;

	for (i = 0; i < rounds; i++) {
		int *step__flexcc_shared __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*step__flexcc_shared)); { __typeof__(*step__flexcc_shared) step__flexcc_init = i; __builtin_memcpy((void *)step__flexcc_shared, &step__flexcc_init, sizeof(*step__flexcc_shared)); }

		peer_add(&(*step__flexcc_shared), 1);
		if ((*step__flexcc_shared) == 2)
			continue;
		if ((*step__flexcc_shared) == 7)
			break;
		if ((*step__flexcc_shared) == 9)
			goto out;
		total += (*step__flexcc_shared);
	}
	{
		long *inner__flexcc_shared __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*inner__flexcc_shared)); { __typeof__(*inner__flexcc_shared) inner__flexcc_init = total; __builtin_memcpy((void *)inner__flexcc_shared, &inner__flexcc_init, sizeof(*inner__flexcc_shared)); }

		total = (int)(*inner__flexcc_shared) + 1;
	}
	if (rounds > 100) {
		int *early__flexcc_shared __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*early__flexcc_shared)); { __typeof__(*early__flexcc_shared) early__flexcc_init = 100; __builtin_memcpy((void *)early__flexcc_shared, &early__flexcc_init, sizeof(*early__flexcc_shared)); }

		return (*early__flexcc_shared);
	}
out:
	return total;
}

/* Several declarators, the shared one last; an uninitialized one. */
static int several(void)
{
	int a = 1, b, *c__flexcc_shared __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*c__flexcc_shared)); { __typeof__(*c__flexcc_shared) c__flexcc_init = 30; __builtin_memcpy((void *)c__flexcc_shared, &c__flexcc_init, sizeof(*c__flexcc_shared)); }
	int *later__flexcc_shared __flexos_shared __attribute__((cleanup(__flexos_heap_release))) = __flexos_heap_alloc(sizeof(*later__flexcc_shared));

	b = 2;
	(*later__flexcc_shared) = a + b + (*c__flexcc_shared);
	peer_add(&(*later__flexcc_shared), (*c__flexcc_shared));
	return (*later__flexcc_shared);
}

int main(void)
{
	SHOW("scalar", scalar(4));
	arrays(5);
	structs();
	SHOW("exits", exits(12));
	SHOW("exits-early", exits(200));
	SHOW("several", several());
	return 0;
}
