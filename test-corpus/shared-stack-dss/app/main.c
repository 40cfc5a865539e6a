#include <flexos.h>
#include <stdio.h>
#include <string.h>
#include "../peer/peer.h"

#define SHOW(what, v) printf("%s=%ld\n", what, (long)(v))

/* A scalar with an initializer, passed by address and returned. */
static int scalar(int start)
{
	int acc __flexos_shared = start * 2;

	flexos_gate(libpeer, peer_add, &acc, 5);
	SHOW("acc", acc);
	SHOW("sizeof acc", sizeof acc);
	return acc;
}

/* Arrays: sized, sized by a string, a VLA, an aggregate initializer. */
static void arrays(int n)
{
	char word[] __flexos_shared = "shared";
	int nums[4] __flexos_shared = { 1, 2, 3 };
	char vla[n + 1] __flexos_shared;
	char buf[16] __flexos_shared;

	flexos_gate(libpeer, peer_fill, vla, (size_t)n, 'z');
	flexos_gate(libpeer, peer_fill, buf, sizeof(buf) - 1, '-');
	printf("word=%s len=%zu size=%zu\n", word, strlen(word), sizeof(word));
	printf("vla=%s size=%zu\n", vla, sizeof vla);
	printf("buf=%s\n", buf);
	nums[3] = (int)flexos_gate(libpeer, peer_sum, nums, 3);
	SHOW("sum", flexos_gate(libpeer, peer_sum, nums, (int)(sizeof(nums) / sizeof(nums[0]))));
}

/* A struct with a designated initializer, its members, and a copy. */
static void structs(void)
{
	struct pair pr __attribute__((flexos_whitelist)) = { .first = 3, .second = 40, .tag = "app" };
	struct pair copy;

	flexos_gate(libpeer, peer_pair, &pr);
	copy = pr;
	printf("pair=%d,%ld,%s copy=%s\n", pr.first, pr.second, pr.tag, copy.tag);
}

/* Every way out of a scope, in a loop that allocates each time round. */
static int exits(int rounds)
{
	int total = 0, i;

	for (i = 0; i < rounds; i++) {
		int step __flexos_shared = i;

		flexos_gate(libpeer, peer_add, &step, 1);
		if (step == 2)
			continue;
		if (step == 7)
			break;
		if (step == 9)
			goto out;
		total += step;
	}
	{
		long inner __flexos_shared = total;

		total = (int)inner + 1;
	}
	if (rounds > 100) {
		int early __flexos_shared = 100;

		return early;
	}
out:
	return total;
}

/* Several declarators, the shared one last; an uninitialized one. */
static int several(void)
{
	int a = 1, b, c __flexos_shared = 30;
	int later __flexos_shared;

	b = 2;
	later = a + b + c;
	flexos_gate(libpeer, peer_add, &later, c);
	return later;
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
