/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ept gate's round trip against what it is made of, timed side by side
 * in one run (bench/ept-gate, run by run-ept-gate):
 *
 *   plain      a noinline call through a volatile function pointer
 *   gate0      flexos_gate(libsvc, svc_nop): 0 arguments
 *   gate6      flexos_gate(libsvc, svc_six, ...): 6 arguments
 *   gate4k     flexos_gate(libsvc, svc_page, buf): one 4 KiB __flexos_in copy
 *   getppid    syscall(SYS_getppid)
 *   spin       two processes, one shared cache line, ping-pong by polling
 *   futex      two processes, FUTEX_WAIT/FUTEX_WAKE on a shared word, no
 *              polling
 *   pipe       two processes, one byte each way through two pipes
 *
 * The second process of spin/futex/pipe is a helper forked by main (a copy
 * of compartment main's process, not a compartment). Each round times every
 * variant once (the order rotates every round), @c n round trips each, with
 * clock_gettime and rdtsc; main prints every round's figures per round trip
 * and the runner takes the medians.
 *
 * Usage: ept-gate-bench bench ROUNDS SCALE [pin]
 *        ept-gate-bench idle
 * "pin": main's thread on CPU 0, the helper and every compartment process
 * (so their server threads, which inherit it) on CPU 1. Both modes end by
 * printing "idle" and blocking in read(0) until stdin is closed, with no
 * call in flight, so that the runner can read every process's CPU time.
 */
#define _GNU_SOURCE
#include "../svc/svc.h"
#include "../util/util.h"

#include <dirent.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define TSC() __rdtsc()
#define RELAX() _mm_pause()
#else
#define TSC() 0ULL
#define RELAX() atomic_signal_fence(memory_order_seq_cst)
#endif

#define MAX_ROUNDS 1001

static volatile long sink;
static unsigned char page[4096];

/* ---- the in-process variants ---- */

__attribute__((noinline)) static long plain_callee(long v)
{
	__asm__ __volatile__("" ::: "memory");
	return v + 1;
}
static long (*volatile plain_fn)(long) = plain_callee;

static void run_plain(long n)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += plain_fn(i);
	sink += s;
}

static void run_gate0(long n)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += flexos_gate(libsvc, svc_nop);
	sink += s;
}

static void run_gate6(long n)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += flexos_gate(libsvc, svc_six, i, 2, 3, 4, 5, 6);
	sink += s;
}

static void run_gate4k(long n)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += flexos_gate(libsvc, svc_page, page);
	sink += s;
}

static void run_getppid(long n)
{
	long s = 0;

	for (long i = 0; i < n; i++)
		s += syscall(SYS_getppid);
	sink += s;
}

/* ---- two processes ---- */

enum { M_SPIN = 1, M_FUTEX, M_PIPE };

struct pair {
	_Alignas(64) _Atomic uint32_t spin;
	_Alignas(64) _Atomic uint32_t fw;
	_Alignas(64) char pad[64];
};

struct cmd {
	int mode;
	long n;
};

static struct pair *P;
static int cmd_w, ping_w, pong_r;      /* main's ends */
static int cmd_r, ping_r, pong_w;      /* the helper's ends */
static pid_t helper;

static void futex_wait(_Atomic uint32_t *w, uint32_t v)
{
	syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT, v, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static void pin_to(pid_t pid, int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(pid, sizeof(s), &s) != 0)
		perror("sched_setaffinity");
}

static void helper_main(void)
{
	struct cmd c;
	char b;

	for (;;) {
		if (read(cmd_r, &c, sizeof(c)) != (ssize_t)sizeof(c))
			_exit(0);
		for (uint32_t k = 0; k < (uint32_t)c.n; k++) {
			switch (c.mode) {
			case M_SPIN:
				while (atomic_load_explicit(&P->spin,
							    memory_order_acquire) !=
				       2 * k + 1)
					RELAX();
				atomic_store_explicit(&P->spin, 2 * k + 2,
						      memory_order_release);
				break;
			case M_FUTEX:
				while (atomic_load(&P->fw) != 2 * k + 1)
					futex_wait(&P->fw, 2 * k);
				atomic_store(&P->fw, 2 * k + 2);
				futex_wake(&P->fw);
				break;
			case M_PIPE:
				if (read(ping_r, &b, 1) != 1 ||
				    write(pong_w, &b, 1) != 1)
					_exit(1);
				break;
			}
		}
	}
}

static void start_helper(int pin)
{
	int c[2], a[2], b[2];
	pid_t me = getpid();

	P = mmap(NULL, sizeof(*P), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (P == MAP_FAILED || pipe(c) || pipe(a) || pipe(b)) {
		perror("helper setup");
		exit(2);
	}
	cmd_r = c[0], cmd_w = c[1], ping_r = a[0], ping_w = a[1];
	pong_r = b[0], pong_w = b[1];
	fflush(NULL);
	helper = fork();
	if (helper < 0) {
		perror("fork");
		exit(2);
	}
	if (helper == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != me)
			_exit(0);
		if (pin)
			pin_to(0, 1);
		helper_main();
	}
}

/* @p n round trips of @p mode with the helper, after one untimed one (the
 * helper wakes up from its command read). */
static void pair_rounds(int mode, long n, double *ns, double *cyc)
{
	struct cmd c = { mode, n + 1 };
	struct timespec t0, t1;
	uint64_t c0 = 0, c1;
	char b = 'x';

	atomic_store(&P->spin, 0);
	atomic_store(&P->fw, 0);
	if (write(cmd_w, &c, sizeof(c)) != (ssize_t)sizeof(c))
		exit(2);
	for (uint32_t k = 0; k <= (uint32_t)n; k++) {
		if (k == 1) {
			clock_gettime(CLOCK_MONOTONIC, &t0);
			c0 = TSC();
		}
		switch (mode) {
		case M_SPIN:
			atomic_store_explicit(&P->spin, 2 * k + 1,
					      memory_order_release);
			while (atomic_load_explicit(&P->spin,
						    memory_order_acquire) !=
			       2 * k + 2)
				RELAX();
			break;
		case M_FUTEX:
			atomic_store(&P->fw, 2 * k + 1);
			futex_wake(&P->fw);
			while (atomic_load(&P->fw) == 2 * k + 1)
				futex_wait(&P->fw, 2 * k + 1);
			break;
		case M_PIPE:
			if (write(ping_w, &b, 1) != 1 ||
			    read(pong_r, &b, 1) != 1)
				exit(2);
			break;
		}
	}
	c1 = TSC();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
	*cyc = (double)(c1 - c0) / n;
}

/* ---- the rounds ---- */

static const struct variant {
	const char *name;
	void (*fn)(long);
	int mode;
	long n; /* round trips per round at scale 1 */
} variants[] = {
	{ "plain", run_plain, 0, 20000 },
	{ "gate0", run_gate0, 0, 1000 },
	{ "gate6", run_gate6, 0, 1000 },
	{ "gate4k", run_gate4k, 0, 1000 },
	{ "getppid", run_getppid, 0, 2000 },
	{ "spin", NULL, M_SPIN, 1000 },
	{ "futex", NULL, M_FUTEX, 200 },
	{ "pipe", NULL, M_PIPE, 200 },
};
#define NV (sizeof(variants) / sizeof(variants[0]))

static void time_variant(const struct variant *v, long n, double *ns,
			 double *cyc)
{
	struct timespec t0, t1;
	uint64_t c0, c1;

	if (v->mode) {
		pair_rounds(v->mode, n, ns, cyc);
		return;
	}
	v->fn(n / 100 + 1); /* warm */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c0 = TSC();
	v->fn(n);
	c1 = TSC();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
	*cyc = (double)(c1 - c0) / n;
}

/* The image's compartment processes: this process's children but the
 * helper. */
static void pin_compartments(int cpu)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	char path[300];

	if (!d)
		return;
	while ((e = readdir(d))) {
		FILE *f;
		int pid;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/children",
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fscanf(f, "%d", &pid) == 1)
			if (pid != helper)
				pin_to(pid, cpu);
		fclose(f);
	}
	closedir(d);
}

static void wait_idle(void)
{
	char b[64];

	printf("idle\n");
	fflush(stdout);
	while (read(0, b, sizeof(b)) > 0)
		;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "bench";
	int rounds = argc > 2 ? atoi(argv[2]) : 201;
	double scale = argc > 3 ? atof(argv[3]) : 1.0;
	int pin = argc > 4 && !strcmp(argv[4], "pin");

	memset(page, 7, sizeof(page));
	if (!strcmp(mode, "idle")) {
		/* A few calls of every kind, a nested one included. */
		for (int i = 0; i < 10; i++) {
			sink += flexos_gate(libsvc, svc_nop);
			sink += flexos_gate(libsvc, svc_six, i, 2, 3, 4, 5, 6);
			sink += flexos_gate(libsvc, svc_page, page);
			sink += flexos_gate(libsvc, svc_relay, i);
			sink += flexos_gate(libutil, util_twice, i);
		}
		wait_idle();
		return 0;
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || scale <= 0) {
		fprintf(stderr, "usage: %s bench ROUNDS SCALE [pin] | idle\n",
			argv[0]);
		return 2;
	}
	start_helper(pin);
	if (pin) {
		pin_to(0, 0);
		pin_compartments(1);
	}
	printf("helper %d pinned %d\n", (int)helper, pin);
	/* One warm-up round: the lane, the partner thread, the pages. */
	for (unsigned v = 0; v < NV; v++) {
		double ns, cyc;

		time_variant(&variants[v], variants[v].n / 10 + 1, &ns, &cyc);
	}
	for (int r = 0; r < rounds; r++) {
		for (unsigned j = 0; j < NV; j++) {
			const struct variant *v = &variants[(r + j) % NV];
			long n = (long)(v->n * scale);
			double ns, cyc;

			if (n < 1)
				n = 1;
			time_variant(v, n, &ns, &cyc);
			printf("round %d %s %ld %.2f %.1f\n", r, v->name, n, ns,
			       cyc);
		}
	}
	fflush(stdout);
	wait_idle();
	return 0;
}
