#include <flexos.h>
#include <stdio.h>
#include <string.h>
#include "../peer/peer.h"

#define SHOW(what, v) printf("%s=%ld\n", what, (long)(v))

/* A scalar with an initializer, passed by address and returned. */
extern __typeof__(peer_add) __flexcc_gate__main__side__peer_add; static int scalar(int start)
{
	int acc __flexos_shared = start * 2; __FLEXOS_DSS_INIT(acc);

	__flexcc_gate__main__side__peer_add(&__FLEXOS_DSS(acc), 5);
	SHOW("acc", __FLEXOS_DSS(acc));
	SHOW("sizeof acc", sizeof __FLEXOS_DSS(acc));
	return __FLEXOS_DSS(acc);
}

/* Arrays: sized, sized by a string, a VLA, an aggregate initializer. */
extern __typeof__(peer_fill) __flexcc_gate__main__side__peer_fill; extern __typeof__(peer_sum) __flexcc_gate__main__side__peer_sum; static void arrays(int n)
{
	char word[] __flexos_shared = "shared"; __FLEXOS_DSS_INIT(word);
	int nums[4] __flexos_shared = { 1, 2, 3 }; __FLEXOS_DSS_INIT(nums);
	char vla[n + 1] __flexos_shared;
	char buf[16] __flexos_shared;

	__flexcc_gate__main__side__peer_fill(__FLEXOS_DSS(vla), (size_t)n, 'z');
	__flexcc_gate__main__side__peer_fill(__FLEXOS_DSS(buf), sizeof(__FLEXOS_DSS(buf)) - 1, '-');
	printf("word=%s len=%zu size=%zu\n", __FLEXOS_DSS(word), strlen(__FLEXOS_DSS(word)), sizeof(__FLEXOS_DSS(word)));
	printf("vla=%s size=%zu\n", __FLEXOS_DSS(vla), sizeof __FLEXOS_DSS(vla));
	printf("buf=%s\n", __FLEXOS_DSS(buf));
	__FLEXOS_DSS(nums)[3] = (int)__flexcc_gate__main__side__peer_sum(__FLEXOS_DSS(nums), 3);
	SHOW("sum", __flexcc_gate__main__side__peer_sum(__FLEXOS_DSS(nums), (int)(sizeof(__FLEXOS_DSS(nums)) / sizeof(__FLEXOS_DSS(nums)[0]))));
}

/* A struct with a designated initializer, its members, and a copy. */
extern __typeof__(peer_pair) __flexcc_gate__main__side__peer_pair; static void structs(void)
{
	struct pair pr __attribute__((flexos_whitelist)) = { .first = 3, .second = 40, .tag = "app" }; __FLEXOS_DSS_INIT(pr);
	struct pair copy;

	__flexcc_gate__main__side__peer_pair(&__FLEXOS_DSS(pr));
	copy = __FLEXOS_DSS(pr);
	printf("pair=%d,%ld,%s copy=%s\n", __FLEXOS_DSS(pr).first, __FLEXOS_DSS(pr).second, __FLEXOS_DSS(pr).tag, copy.tag);
}

/* Every way out of a scope, in a loop that allocates each time round. */
static int exits(int rounds)
{
	int total = 0, i;

	for (i = 0; i < rounds; i++) {
		int step __flexos_shared = i; __FLEXOS_DSS_INIT(step);

		__flexcc_gate__main__side__peer_add(&__FLEXOS_DSS(step), 1);
		if (__FLEXOS_DSS(step) == 2)
			continue;
		if (__FLEXOS_DSS(step) == 7)
			break;
		if (__FLEXOS_DSS(step) == 9)
			goto out;
		total += __FLEXOS_DSS(step);
	}
	{
		long inner __flexos_shared = total; __FLEXOS_DSS_INIT(inner);

		total = (int)__FLEXOS_DSS(inner) + 1;
	}
	if (rounds > 100) {
		int early __flexos_shared = 100; __FLEXOS_DSS_INIT(early);

		return __FLEXOS_DSS(early);
	}
out:
	return total;
}

/* Several declarators, the shared one last; an uninitialized one. */
static int several(void)
{
	int a = 1, b, c __flexos_shared = 30; __FLEXOS_DSS_INIT(c);
	int later __flexos_shared;

	b = 2;
	__FLEXOS_DSS(later) = a + b + __FLEXOS_DSS(c);
	__flexcc_gate__main__side__peer_add(&__FLEXOS_DSS(later), __FLEXOS_DSS(c));
	return __FLEXOS_DSS(later);
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
