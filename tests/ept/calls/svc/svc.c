/* SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "svc.h"
#include "../util/util.h"

static int calls; /* private to compartment service */

int svc_add(int a, int b)
{
	/* Atomic: concurrent callers are served concurrently, each calling
	 * thread by a server thread of its own, as in the plain program. */
	__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
	return a + b;
}

struct pt svc_scale(struct pt p, int k)
{
	p.x *= k;
	p.y *= k;
	p.z *= k;
	strcpy(p.tag, "scaled");
	return p;
}

/* errno set two compartments away, seen by the caller. */
int svc_fail(int code)
{
	return flexos_gate(libutil, util_fail, code);
}

int svc_fill(char *buf, size_t n, char c)
{
	memset(buf, c, n - 1);
	buf[n - 1] = '\0';
	return (int)n;
}

/* Calls back into the caller's compartment, which calls in again: depth
 * levels of main -> service -> main, then service -> utility. */
int svc_walk(visit_fn f, int depth, int v)
{
	if (depth < 0)
		return flexos_gate(libutil, util_mix, v, 3);
	return f(depth, v) + 1;
}

int svc_bump(int *p)
{
	return ++*p;
}

int svc_count(void)
{
	return calls;
}

/* Reads through a pointer it was given: faults if it points to another
 * compartment's private memory. */
int svc_peek(const int *p)
{
	return *p;
}

/* Writes through a pointer: the caller's private memory must not be
 * writable here. */
int svc_poke(int *p)
{
	*p = 0;
	return 1;
}

/* A pointer to its private memory, which the caller must not be able to
 * read. */
int *svc_private(void)
{
	return &calls;
}

int svc_die(void)
{
	kill(getpid(), SIGKILL);
	pause();
	return 0;
}

int svc_sum_shared(const int *v, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}
