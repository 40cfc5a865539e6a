/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dss.c - the data shadow stacks (sharing 'dss').
 *
 * Every stack the runtime knows has a shadow FLEXCC_DSS_OFFSET bytes above
 * it, where the share-locals rewrite puts shared locals (__FLEXOS_DSS).
 *
 * Main thread. flexcc_dss_init(), also a constructor, maps the shadow of the
 * range the main stack may grow over: from the top of the [stack] line of
 * /proc/self/maps down by RLIMIT_STACK, capped at FLEXCC_DSS_OFFSET (the
 * whole range, stack and shadow, must not overlap). The kernel places the
 * main stack at a random address at most 16 GiB below the top of the address
 * space, so about one start in sixteen leaves less than the offset above it:
 * the shadow cannot be mapped and init fails (-ENOMEM) with a message.
 *
 * Created threads. flexcc_pthread_create() reserves, in one PROT_NONE
 * MAP_NORESERVE mapping, [guard][stack][gap][shadow], the shadow starting
 * exactly FLEXCC_DSS_OFFSET above the stack, and makes the stack and the
 * shadow read-write: one mapping, so no other mapping can be in the way, and
 * an overflow of the stack in either direction faults. The thread is created
 * on that stack with pthread_attr_setstack() on a copy of the caller's
 * attributes. A caller's own stack (pthread_attr_setstack) keeps its memory;
 * only its shadow is mapped (MAP_FIXED_NOREPLACE).
 *
 * Release. A thread cannot unmap the stack it runs on, and after its start
 * routine returns, libc still runs on it. So every created thread is
 * recorded; flexcc_pthread_join() unmaps its memory once pthread_join() has
 * returned. A detached thread (by its attributes or flexcc_pthread_detach())
 * is created or kept joinable and put on the reaper list: each later
 * flexcc_pthread_create/join/detach reaps, with pthread_tryjoin_np(), the
 * ones that have ended (libc guarantees that a joined thread no longer uses
 * its stack).
 *
 * Locking: one mutex for the records, held across pthread_create() so that
 * a thread is recorded before anyone can join it; never across a blocking
 * call (pthread_join) nor munmap.
 */
#define _GNU_SOURCE
#include "flexcc/dss.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include <flexos.h>

_Static_assert(FLEXCC_DSS_OFFSET == __FLEXOS_DSS_OFFSET,
	       "flexcc/dss.h and flexos.h disagree on the shadow offset");

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define OFF FLEXCC_DSS_OFFSET

struct rec {
	pthread_t tid;
	char *map;       /* what to unmap: the reservation, or the shadow */
	size_t maplen;
	char *stack;     /* the stack (the caller's or the reservation's) */
	size_t stacklen;
	int detached;    /* on the reaper's list */
	int joining;     /* a flexcc_pthread_join is waiting for it */
	struct rec *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct rec *recs;
static size_t nrecs;

/* The main thread's stack range and its state: 0 not yet, 1 the main
 * stack has a shadow, 2 main runs on a runtime stack (__wrap_main). */
static int main_done;
static int main_failed; /* -errno: the main stack cannot have a shadow */
static char *main_lo;
static size_t main_len;

static size_t page_size(void)
{
	static size_t pg;

	if (!pg) {
		long v = sysconf(_SC_PAGESIZE);
		pg = v > 0 ? (size_t)v : 4096;
	}
	return pg;
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static char *alloc_stack(size_t size, size_t guard, size_t *len);

/* Map [addr, addr + len) read-write, exactly there, over nothing: 0 or
 * -errno (-EEXIST when something is there). */
static int map_exact(char *addr, size_t len)
{
	void *p = mmap(addr, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			       MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	if (p != addr) { /* a kernel before 4.17 takes it as a hint */
		munmap(p, len);
		return -EEXIST;
	}
	return 0;
}

/* The [stack] line of /proc/self/maps: 0, or -ENOENT. */
static int find_main_stack(uintptr_t *lo, uintptr_t *hi)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return -ENOENT;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long a, b;
		size_t n = strlen(line);

		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n < 7 || strcmp(line + n - 7, "[stack]") != 0)
			continue;
		if (sscanf(line, "%lx-%lx", &a, &b) == 2) {
			*lo = a;
			*hi = b;
			found = 1;
		}
	}
	fclose(f);
	return found ? 0 : -ENOENT;
}

static int dss_init(int quiet)
{
	uintptr_t lo, hi;
	struct rlimit rl;
	size_t len, pg = page_size();
	int err;

	pthread_mutex_lock(&lock);
	if (main_done) {
		pthread_mutex_unlock(&lock);
		return 0;
	}
	/* The main stack does not move: a failure is final, and is not
	 * retried (a retry reads /proc, which a compartment confined by
	 * seccomp may not open). */
	if (main_failed) {
		err = main_failed;
		pthread_mutex_unlock(&lock);
		if (!quiet)
			fprintf(stderr, "flexcc-dss: the main stack has no "
					"shadow: %s\n", strerror(-err));
		return err;
	}
	err = find_main_stack(&lo, &hi);
	if (err) {
		main_failed = err;
		pthread_mutex_unlock(&lock);
		if (!quiet)
			fprintf(stderr, "flexcc-dss: cannot find the main "
					"stack in /proc/self/maps\n");
		return err;
	}
	/* How far the stack may grow: RLIMIT_STACK, at most the offset. */
	len = OFF;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < OFF)
		len = round_up((size_t)rl.rlim_cur, pg);
	if (len < hi - lo)
		len = hi - lo;
	if (len > OFF || len > hi)
		len = OFF < hi ? OFF : hi;
	err = map_exact((char *)(hi - len) + OFF, len);
	if (err) {
		main_failed = err;
		pthread_mutex_unlock(&lock);
		if (quiet)
			return err;
		fprintf(stderr,
			"flexcc-dss: cannot map the main stack's shadow at "
			"[%#lx, %#lx): %s\n",
			(unsigned long)(hi - len + OFF), (unsigned long)(hi + OFF),
			err == -EEXIST ? "something is mapped there"
			: err == -ENOMEM ? "no room (the stack is too close to "
					   "the top of the address space)"
					 : strerror(-err));
		return err;
	}
	main_lo = (char *)(hi - len);
	main_len = len;
	main_done = 1;
	pthread_mutex_unlock(&lock);
	return 0;
}

int flexcc_dss_init(void)
{
	return dss_init(0);
}

/*
 * main() on a stack of the runtime's, for an image linked with
 * -Wl,--wrap=main: the call from the C start-up code to main goes to
 * __wrap_main, and __real_main is main. Without --wrap=main, __real_main is
 * a null weak reference and __wrap_main is never called.
 */
extern int __real_main(int, char **, char **) __attribute__((weak));

/*
 * A backend may enter main another way: the mpk image file defines
 * __flexcc_main_entry, which enters the default compartment (writes its
 * PKRU) and calls __real_main, then exit() with its value.
 */
extern int __flexcc_main_entry(int, char **, char **) __attribute__((weak));

static int call_main(int argc, char **argv, char **envp)
{
	if (__flexcc_main_entry)
		return __flexcc_main_entry(argc, argv, envp);
	return __real_main(argc, argv, envp);
}

static struct {
	int argc;
	char **argv;
	char **envp;
	int ret;
	char *base;      /* the runtime stack's reservation */
	size_t len, size, pg;
	ucontext_t caller, callee;
} mainctx;

/* The size main's stack may grow to: RLIMIT_STACK, at most the offset. */
static size_t main_stack_size(void)
{
	struct rlimit rl;
	size_t size = OFF, pg = page_size();

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < OFF)
		size = round_up((size_t)rl.rlim_cur, pg);
	if (size < (size_t)PTHREAD_STACK_MIN)
		size = round_up((size_t)PTHREAD_STACK_MIN, pg);
	return size;
}

static void run_main(void)
{
	mainctx.ret = call_main(mainctx.argc, mainctx.argv, mainctx.envp);
}

/*
 * The main stack has no shadow: run main on a new stack that has one, as
 * large as the main stack may grow. Everything lives in mainctx, as
 * getcontext() may clobber locals.
 */
/* Reserves the runtime stack main runs on, and its shadow, once. */
static char *reserve_main_stack(void)
{
	if (!mainctx.base) {
		mainctx.pg = page_size();
		mainctx.size = main_stack_size();
		mainctx.base = alloc_stack(mainctx.size, mainctx.pg, &mainctx.len);
	}
	return mainctx.base;
}

static int main_on_runtime_stack(void)
{
	/* Made already if a backend asked (flexcc_dss_prepare_main). */
	if (!reserve_main_stack() || getcontext(&mainctx.callee) != 0) {
		(void)dss_init(0); /* says why the main stack has no shadow */
		fprintf(stderr, "flexcc-dss: cannot allocate a stack with a "
				"shadow for main() either\n");
		abort();
	}
	pthread_mutex_lock(&lock);
	main_lo = mainctx.base + mainctx.pg;
	main_len = mainctx.size;
	main_done = 2;
	pthread_mutex_unlock(&lock);
	mainctx.callee.uc_stack.ss_sp = mainctx.base + mainctx.pg;
	mainctx.callee.uc_stack.ss_size = mainctx.size;
	mainctx.callee.uc_link = &mainctx.caller;
	makecontext(&mainctx.callee, run_main, 0);
	if (swapcontext(&mainctx.caller, &mainctx.callee) != 0)
		abort();
	/* main returned: the start-up code calls exit() with its value. */
	return mainctx.ret;
}

int flexcc_dss_prepare_main(int shared_shadow, int always)
{
	char *shadow;

	if (!__real_main)
		return -ENOSYS;
	/* Always asked, so that /proc is read now, before a backend confines
	 * the process (later calls return what this one found). */
	if (dss_init(1) == 0 && !always)
		return 0;
	if (mainctx.base)
		return 0;
	if (!reserve_main_stack())
		return -ENOMEM;
	shadow = mainctx.base + mainctx.pg + OFF;
	if (shared_shadow &&
	    mmap(shadow, mainctx.size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
		 0) == MAP_FAILED) {
		munmap(mainctx.base, mainctx.len);
		mainctx.base = NULL;
		return -ENOMEM;
	}
	return 0;
}

int flexcc_dss_process_stack(void **start, void **end)
{
	uintptr_t lo, hi;
	int err = find_main_stack(&lo, &hi);

	if (err)
		return err;
	*start = (void *)lo;
	*end = (void *)hi;
	return 0;
}

int flexcc_dss_main_runtime_stack(void **start, size_t *len)
{
	if (!mainctx.base)
		return -ENOENT;
	*start = mainctx.base + mainctx.pg;
	*len = mainctx.size;
	return 0;
}

int __wrap_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp)
{
	/* On the process's stack when it has a shadow, unless a backend
	 * asked for a runtime stack before main (flexcc_dss_prepare_main). */
	if (!mainctx.base && dss_init(1) == 0)
		return call_main(argc, argv, envp);
	mainctx.argc = argc;
	mainctx.argv = argv;
	mainctx.envp = envp;
	return main_on_runtime_stack();
}

/*
 * The main thread's shadow, when the runtime is linked. Quiet: with main
 * wrapped (sharing dss), __wrap_main has a way out; without (sharing heap,
 * where only flexcc_pthread_create is used), nothing needs it.
 */
__attribute__((constructor)) static void dss_constructor(void)
{
	(void)dss_init(1);
}

/*
 * Reserves [guard][stack][gap][shadow], the shadow FLEXCC_DSS_OFFSET above
 * the stack, and makes the stack and the shadow read-write. @p size and
 * @p guard are page multiples, size <= OFF. Returns the reservation (the
 * stack begins @p guard bytes in) and its length in @p len, or NULL.
 */
static char *alloc_stack(size_t size, size_t guard, size_t *len)
{
	char *base;

	*len = guard + OFF + size;
	base = mmap(NULL, *len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base + guard, size, PROT_READ | PROT_WRITE) != 0 ||
	    mprotect(base + guard + OFF, size, PROT_READ | PROT_WRITE) != 0) {
		munmap(base, *len);
		return NULL;
	}
	return base;
}

static void release(struct rec *r)
{
	munmap(r->map, r->maplen);
	free(r);
}

/* Unlinks, under the lock, the ended detached threads onto @p out. */
static void collect_ended(struct rec **out)
{
	struct rec **pp = &recs;

	while (*pp) {
		struct rec *r = *pp;

		if (r->detached && !r->joining &&
		    pthread_tryjoin_np(r->tid, NULL) == 0) {
			*pp = r->next;
			nrecs--;
			r->next = *out;
			*out = r;
		} else {
			pp = &r->next;
		}
	}
}

static void release_all(struct rec *list)
{
	while (list) {
		struct rec *next = list->next;

		release(list);
		list = next;
	}
}

static struct rec *find_locked(pthread_t t)
{
	struct rec *r;

	for (r = recs; r; r = r->next)
		if (pthread_equal(r->tid, t))
			return r;
	return NULL;
}

int flexcc_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
			  void *(*start)(void *), void *arg)
{
	pthread_attr_t def, copy;
	void *ustack = NULL;
	size_t size = 0, guard = 0, pg = page_size();
	int detach = PTHREAD_CREATE_JOINABLE, err;
	struct rec *r, *ended = NULL;

	if (!thread || !start)
		return EINVAL;
	if (!attr) {
		if ((err = pthread_attr_init(&def)) != 0)
			return err;
	}
	/*
	 * A copy of the caller's attributes that only our stack and the
	 * detach state differ from. A shallow copy: glibc's extension (CPU
	 * set, signal mask) stays shared with the original, which is why the
	 * copy is never destroyed; setstack and setdetachstate do not touch
	 * it.
	 */
	copy = attr ? *attr : def;
	if ((err = pthread_attr_getdetachstate(&copy, &detach)) != 0 ||
	    (err = pthread_attr_getguardsize(&copy, &guard)) != 0)
		goto out_attr;
	/*
	 * A stack set by pthread_attr_setstack: glibc stores its top and
	 * returns top - size, so an unset one reads as (0 - size); musl
	 * fails with EINVAL.
	 */
	if (pthread_attr_getstack(&copy, &ustack, &size) != 0 ||
	    (uintptr_t)ustack + size == 0)
		ustack = NULL;
	if (!ustack && (err = pthread_attr_getstacksize(&copy, &size)) != 0)
		goto out_attr;

	r = calloc(1, sizeof(*r));
	if (!r) {
		err = EAGAIN;
		goto out_attr;
	}
	if (ustack) {
		/* The caller's stack: map its shadow, page-rounded outward. */
		uintptr_t lo = (uintptr_t)ustack / pg * pg;
		uintptr_t hi = round_up((uintptr_t)ustack + size, pg);

		if (hi - lo > OFF) {
			err = EINVAL;
			goto out_rec;
		}
		r->stack = ustack;
		r->stacklen = size;
		r->map = (char *)lo + OFF;
		r->maplen = hi - lo;
		if ((err = -map_exact(r->map, r->maplen)) != 0) {
			if (err != EEXIST)
				err = EAGAIN;
			goto out_rec;
		}
	} else {
		char *base;

		if (!size)
			size = FLEXCC_DSS_DEFAULT_STACK_SIZE;
		if (size < (size_t)PTHREAD_STACK_MIN)
			size = (size_t)PTHREAD_STACK_MIN;
		size = round_up(size, pg);
		guard = round_up(guard ? guard : pg, pg);
		if (size > OFF || guard > OFF) {
			err = EINVAL;
			goto out_rec;
		}
		base = alloc_stack(size, guard, &r->maplen);
		if (!base) {
			err = EAGAIN;
			goto out_rec;
		}
		r->map = base;
		r->stack = base + guard;
		r->stacklen = size;
		if ((err = pthread_attr_setstack(&copy, r->stack, size)) != 0) {
			munmap(r->map, r->maplen);
			goto out_rec;
		}
	}
	if ((err = pthread_attr_setdetachstate(&copy, PTHREAD_CREATE_JOINABLE)))
		goto out_map;
	r->detached = detach == PTHREAD_CREATE_DETACHED;

	pthread_mutex_lock(&lock);
	collect_ended(&ended);
	err = pthread_create(&r->tid, &copy, start, arg);
	if (err == 0) {
		r->next = recs;
		recs = r;
		nrecs++;
		*thread = r->tid;
	}
	pthread_mutex_unlock(&lock);
	release_all(ended);
	if (err == 0)
		goto out_attr;
out_map:
	munmap(r->map, r->maplen);
out_rec:
	free(r);
out_attr:
	if (!attr)
		pthread_attr_destroy(&def);
	return err;
}

int flexcc_pthread_join(pthread_t thread, void **retval)
{
	struct rec *r, *ended = NULL;
	int err;

	pthread_mutex_lock(&lock);
	r = find_locked(thread);
	if (r && (r->detached || r->joining)) {
		pthread_mutex_unlock(&lock);
		return EINVAL;
	}
	if (r)
		r->joining = 1;
	collect_ended(&ended);
	pthread_mutex_unlock(&lock);
	release_all(ended);

	err = pthread_join(thread, retval);
	if (!r)
		return err;
	pthread_mutex_lock(&lock);
	if (err == 0) {
		struct rec **pp = &recs;

		while (*pp != r)
			pp = &(*pp)->next;
		*pp = r->next;
		nrecs--;
	} else {
		r->joining = 0;
	}
	pthread_mutex_unlock(&lock);
	if (err == 0)
		release(r);
	return err;
}

int flexcc_pthread_detach(pthread_t thread)
{
	struct rec *r, *ended = NULL;
	int err = 0;

	pthread_mutex_lock(&lock);
	r = find_locked(thread);
	if (r) {
		if (r->detached || r->joining)
			err = EINVAL;
		else
			r->detached = 1;
	}
	collect_ended(&ended);
	pthread_mutex_unlock(&lock);
	release_all(ended);
	return r ? err : pthread_detach(thread);
}

int flexcc_dss_stack_of(const void *p, void **start, size_t *len)
{
	const char *c = p;
	struct rec *r;
	int err = -ENOENT;

	pthread_mutex_lock(&lock);
	if (main_done && c >= main_lo && c < main_lo + main_len) {
		*start = main_lo;
		*len = main_len;
		err = 0;
	}
	for (r = recs; err && r; r = r->next) {
		if (c >= r->stack && c < r->stack + r->stacklen) {
			*start = r->stack;
			*len = r->stacklen;
			err = 0;
		}
	}
	pthread_mutex_unlock(&lock);
	return err;
}

size_t flexcc_dss_thread_count(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = nrecs;
	pthread_mutex_unlock(&lock);
	return n;
}
