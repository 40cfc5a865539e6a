/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bounce.c - the per-thread bounce buffer of copy sharing.
 *
 * Each thread's buffer is FLEXCC_BOUNCE_SIZE bytes from the shared heap,
 * taken at the thread's first copy and given back when the thread exits (a
 * pthread key's destructor). It is used as a stack: a stub notes the
 * position, takes its copies above it, and puts the position back after the
 * call, so nested gates and callbacks stack their copies.
 */
#define _GNU_SOURCE
#include "flexcc/backend.h"
#include "flexcc/heap.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGN 16UL

struct bounce {
	char *base;
	unsigned long used;
};

static __thread struct bounce tb;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void release_buffer(void *base)
{
	/* Runs on the exiting thread: a gate made by a later destructor takes
	 * a new buffer. */
	tb.base = NULL;
	tb.used = 0;
	flexcc_shared_free(base);
}

static void make_key(void)
{
	if (pthread_key_create(&key, release_buffer) != 0)
		key = (pthread_key_t)-1;
}

static __attribute__((noreturn)) void fault(const struct flexcc_copy_site *site,
					    unsigned long n, const char *why)
{
	char msg[512];
	int len;

	len = snprintf(msg, sizeof(msg),
		       "flexcc: copy sharing fault: parameter %u%s%s%s of %s() "
		       "needs %lu bytes: %s\n",
		       site ? site->param : 0,
		       site && site->name && *site->name ? " '" : "",
		       site && site->name ? site->name : "",
		       site && site->name && *site->name ? "'" : "",
		       site && site->function ? site->function : "?", n, why);
	if (len > 0)
		(void)!write(STDERR_FILENO, msg,
			     (size_t)len < sizeof(msg) ? (size_t)len
						       : sizeof(msg) - 1);
	abort();
}

/* Room for @p n bytes on the thread's buffer, or a reported fault. */
static void *take(unsigned long n, const struct flexcc_copy_site *site)
{
	unsigned long at;
	char why[160];

	if (!tb.base) {
		int saved = errno;

		tb.base = flexcc_shared_memalign(ALIGN, FLEXCC_BOUNCE_SIZE);
		if (!tb.base)
			fault(site, n, "the shared heap has no room for this "
				       "thread's bounce buffer");
		pthread_once(&key_once, make_key);
		if (key != (pthread_key_t)-1)
			pthread_setspecific(key, tb.base);
		errno = saved;
	}
	at = (tb.used + ALIGN - 1) & ~(ALIGN - 1);
	/* A zero-byte copy still gets a pointer of its own. */
	if (at > FLEXCC_BOUNCE_SIZE || n > FLEXCC_BOUNCE_SIZE - at ||
	    (n == 0 && at == FLEXCC_BOUNCE_SIZE)) {
		snprintf(why, sizeof(why),
			 "this thread's bounce buffer has %lu of its %lu bytes "
			 "free (pass shared memory for larger data)",
			 at > FLEXCC_BOUNCE_SIZE ? 0 : FLEXCC_BOUNCE_SIZE - at,
			 FLEXCC_BOUNCE_SIZE);
		fault(site, n, why);
	}
	tb.used = at + (n ? n : 1);
	return tb.base + at;
}

unsigned long flexcc_bounce_mark(void)
{
	return tb.used;
}

void *flexcc_bounce_in(const void *p, unsigned long n,
		       const struct flexcc_copy_site *site)
{
	void *b;

	if (!p)
		return NULL;
	b = take(n, site);
	memcpy(b, p, n);
	return b;
}

void *flexcc_bounce_out(const void *p, unsigned long n,
			const struct flexcc_copy_site *site)
{
	void *b;

	if (!p)
		return NULL;
	b = take(n, site);
	memset(b, 0, n);
	return b;
}

void *flexcc_bounce_string(const void *s, const struct flexcc_copy_site *site)
{
	if (!s)
		return NULL;
	return flexcc_bounce_in(s, strlen(s) + 1, site);
}

void flexcc_bounce_back(void *p, const void *b, unsigned long n)
{
	if (p && b)
		memcpy(p, b, n);
}

void flexcc_bounce_release(unsigned long mark)
{
	if (mark <= tb.used)
		tb.used = mark;
}
