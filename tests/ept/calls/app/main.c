/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ept runtime's behaviour, checked by tests/ept/check.py: run with no
 * argument, it prints what the plain build prints; with an argument, it
 * makes one failing call (isolation, kill) or runs the threaded test.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <flexos.h>
#include "../svc/svc.h"

static int visit(int depth, int v) __flexos_callback;

int shared_hits __flexos_shared = 40;
static int secret = 1234; /* private to compartment main */

static int visit(int depth, int v)
{
	printf("visit depth=%d v=%d\n", depth, v);
	return flexos_gate(libsvc, svc_walk, visit, depth - 1, v * 2) + 1;
}

#define THREADS 4
#define ROUNDS 10000

static void *worker(void *arg)
{
	long id = (long)arg, bad = 0;

	for (int i = 0; i < ROUNDS; i++)
		if (flexos_gate(libsvc, svc_add, (int)id * 100000, i) !=
		    (int)id * 100000 + i)
			bad++;
	return (void *)bad;
}

static int threads(void)
{
	pthread_t t[THREADS];
	long bad = 0;

	for (long i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
			return 1;
	for (int i = 0; i < THREADS; i++) {
		void *r;

		pthread_join(t[i], &r);
		bad += (long)r;
	}
	printf("threads=%d rounds=%d bad=%ld count=%d\n", THREADS, ROUNDS, bad,
	       flexos_gate(libsvc, svc_count));
	return bad != 0;
}

int main(int argc, char **argv)
{
	struct pt p = { 1, 2, 0.5, "pt" }, q;
	char buf[32];
	int r, *blk;

	if (argc > 1 && !strcmp(argv[1], "peek")) {
		printf("peek=%d\n", flexos_gate(libsvc, svc_peek, &secret));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "poke")) {
		printf("poke=%d\n", flexos_gate(libsvc, svc_poke, &secret));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "heap-peek")) {
		/* A block of main's private heap. */
		int *mine = malloc(sizeof(*mine));

		*mine = 99;
		printf("heap-peek=%d\n", flexos_gate(libsvc, svc_peek, mine));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "stack-peek")) {
		int local = 77;

		printf("stack-peek=%d\n", flexos_gate(libsvc, svc_peek, &local));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "direct-call")) {
		/* A call into the service's code that is no gate: its code is
		 * not in this compartment's process. */
		printf("direct-call=%d\n", svc_add(1, 2));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "die")) {
		printf("die=%d\n", flexos_gate(libsvc, svc_die));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "leak")) {
		printf("leak=%d\n", *flexos_gate(libsvc, svc_private));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "idle")) {
		/* Every process idle, then one is killed from outside. */
		printf("ready %d\n", flexos_gate(libsvc, svc_count));
		fflush(stdout);
		sleep(30);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "threads"))
		return threads();

	printf("add=%d\n", flexos_gate(libsvc, svc_add, 2, 40));
	q = flexos_gate(libsvc, svc_scale, p, 3);
	printf("scale=%d,%ld,%.2f,%s p=%s\n", q.x, q.y, q.z, q.tag, p.tag);
	errno = 0;
	r = flexos_gate(libsvc, svc_fail, ENOENT);
	printf("fail=%d errno=%s\n", r, errno == ENOENT ? "ENOENT" : "other");
	errno = EDOM;
	r = flexos_gate(libsvc, svc_add, 1, 1);
	printf("errno kept=%s\n", errno == EDOM ? "EDOM" : "other");
	memset(buf, 'x', sizeof(buf));
	r = flexos_gate(libsvc, svc_fill, buf, 8, 'k');
	printf("fill=%d buf=%s after=%c\n", r, buf, buf[9]);
	printf("walk=%d\n", flexos_gate(libsvc, svc_walk, visit, 3, 1));
	r = flexos_gate(libsvc, svc_bump, &shared_hits);
	printf("bump=%d hits=%d\n", r, shared_hits);
	blk = flexos_malloc_shared(4 * sizeof(int));
	for (int i = 0; i < 4; i++)
		blk[i] = i * i;
	printf("shared-heap sum=%d\n",
	       flexos_gate(libsvc, svc_sum_shared, blk, 4));
	flexos_free_shared(blk);
	printf("count=%d\n", flexos_gate(libsvc, svc_count));
	return 3;
}
