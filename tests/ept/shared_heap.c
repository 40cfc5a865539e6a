/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flexcc_heap_share_shared(): after it, a forked process allocates from,
 * frees to and reads the same shared heap as its parent (under one
 * process-shared lock), while the compartment heaps stay private. Exits 0
 * and prints nothing on success.
 */
#include <flexcc/heap.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "%d: %s:%d: failed: %s\n",             \
				(int)getpid(), __FILE__, __LINE__, #c);        \
			_exit(1);                                              \
		}                                                              \
	} while (0)

struct board {
	char *from_child;
	long done;
};

/* Allocates, fills, checks and frees blocks of many sizes. */
static void churn(unsigned seed, int rounds)
{
	enum { LIVE = 64 };
	unsigned char *live[LIVE] = { 0 };
	size_t len[LIVE] = { 0 };

	for (int i = 0; i < rounds; i++) {
		unsigned k = (seed = seed * 1103515245u + 12345u) >> 16;
		unsigned s = k % LIVE;

		if (live[s]) {
			for (size_t j = 0; j < len[s]; j++)
				CHECK(live[s][j] == (unsigned char)(s ^ len[s]));
			flexcc_shared_free(live[s]);
		}
		len[s] = 1 + (k * 7919u) % (k & 1 ? 300 : 20000);
		live[s] = flexcc_shared_malloc(len[s]);
		CHECK(live[s]);
		CHECK(flexcc_heap_of(live[s]) == FLEXCC_HEAP_SHARED);
		memset(live[s], (unsigned char)(s ^ len[s]), len[s]);
	}
	for (unsigned s = 0; s < LIVE; s++)
		flexcc_shared_free(live[s]);
}

int main(void)
{
	struct flexcc_heap_stats st0, st;
	struct board *b;
	char *before, *priv;
	pid_t pid;
	int status;

	CHECK(flexcc_heap_init(2, (size_t)64 << 20) == 0);
	before = flexcc_shared_malloc(100);
	strcpy(before, "made before sharing");
	priv = flexcc_heap_malloc(0, 64);
	strcpy(priv, "parent");
	CHECK(flexcc_heap_share_shared() == 0);
	CHECK(flexcc_heap_share_shared() == 0); /* idempotent */
	CHECK(!strcmp(before, "made before sharing"));
	b = flexcc_shared_calloc(1, sizeof(*b));
	CHECK(b);
	CHECK(flexcc_heap_get_stats(FLEXCC_HEAP_SHARED, &st0) == 0);

	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		CHECK(!strcmp(before, "made before sharing"));
		strcpy(priv, "child"); /* private: a copy */
		b->from_child = flexcc_shared_malloc(5000);
		CHECK(b->from_child);
		strcpy(b->from_child, "written by the child");
		flexcc_shared_free(before); /* freed across processes */
		churn(1, 20000);
		__atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);
		_exit(0);
	}
	churn(2, 20000);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(__atomic_load_n(&b->done, __ATOMIC_ACQUIRE) == 1);
	CHECK(!strcmp(priv, "parent"));
	CHECK(!strcmp(b->from_child, "written by the child"));
	CHECK(flexcc_heap_get_stats(FLEXCC_HEAP_SHARED, &st) == 0);
	/* The child's block is live, "before" was freed by the child. */
	CHECK(st.blocks == st0.blocks);
	flexcc_shared_free(b->from_child);
	flexcc_shared_free(b);
	CHECK(flexcc_heap_get_stats(FLEXCC_HEAP_SHARED, &st) == 0);
	CHECK(st.blocks == st0.blocks - 2);
	/* Large blocks too, after the break moved in the child. */
	void *big = flexcc_shared_malloc((size_t)8 << 20);
	CHECK(big);
	memset(big, 1, (size_t)8 << 20);
	flexcc_shared_free(big);
	CHECK(flexcc_heap_fini() == 0);
	CHECK(flexcc_heap_init(2, (size_t)64 << 20) == 0);
	CHECK(flexcc_shared_malloc(10) != NULL);
	return 0;
}
