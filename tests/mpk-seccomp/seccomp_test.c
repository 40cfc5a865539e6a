/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccomp_test.c - tests of the mpk runtime's system-call filter
 * (backends/mpk/runtime/seccomp.c) on the host: seccomp, no protection keys.
 *
 * Every case runs in a forked child that maps the test layout (below),
 * installs the filter and makes its call(s). A DENY case passes when the
 * child exits with status 70 after printing exactly one line, the report,
 * that contains the case's text; an ALLOW case passes when the child exits
 * with 0 and prints nothing.
 *
 *   mpk-seccomp-test --list            the cases, with their groups
 *   mpk-seccomp-test --group G         the cases of group G
 *   mpk-seccomp-test CASE...           the named cases
 *
 * Layout: R, 64 reserved pages (PROT_NONE); keyed K1 = R + [8, 12) pages and
 * K2 = R + [20, 21) (read-write), "code" C = R + [30, 32); keyed K3 =
 * [0x6ffffe000, 0x700002000) and K4 = [0x800000000, 0x800001000), which
 * straddle or start at a multiple of 2^32 (the 64-bit arithmetic on 32-bit
 * halves); the page of this program holding main() is code too.
 */
#define _GNU_SOURCE 1
#include "seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/seccomp.h>

#define P 4096UL
#define PREFIX "flexcc: compartment 'test' made a forbidden system call: "

static char *R, *K1, *K2, *C;
#define K3S ((char *)0x6ffffe000UL)
#define K3E ((char *)0x700002000UL)
#define K4S ((char *)0x800000000UL)
#define K4E ((char *)0x800001000UL)

extern char flexcc_mpk__trusted_syscall_insn[];
extern union { unsigned long word; } flexcc_mpk_tokpage;

static const char *current(const void *uc)
{
	(void)uc;
	return "test";
}

static int fail(const char *what)
{
	fprintf(stderr, "%s: %s\n", what, strerror(errno));
	return 1;
}

static int fixed_map(char *at, unsigned long len)
{
	void *q = mmap(at, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	return q == (void *)at ? 0 : -1;
}

static int setup(void)
{
	R = mmap(0, 64 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (R == MAP_FAILED)
		return fail("mmap R");
	K1 = R + 8 * P;
	K2 = R + 20 * P;
	C = R + 30 * P;
	if (mprotect(K1, 4 * P, PROT_READ | PROT_WRITE) ||
	    mprotect(K2, P, PROT_READ | PROT_WRITE) ||
	    mprotect(C, 2 * P, PROT_READ | PROT_WRITE))
		return fail("mprotect");
	if (fixed_map(K3S, (unsigned long)(K3E - K3S)) ||
	    fixed_map(K4S, (unsigned long)(K4E - K4S)))
		return fail("mmap K3/K4");
	return 0;
}

/* With "many": MANY_K more keyed ranges, every other page of M1, and
 * MANY_C more code ranges, every other page of M2 (none merge). */
#define MANY_K 100
#define MANY_C 40
static char *M1, *M2;

static int install(int many);

/* Far more ranges than a BPF program holds: a clean -E2BIG. */
static int t_too_many(void)
{
	static struct flexcc_range k[400];
	struct flexcc_mpk_filter f = { k, 400, 0, 0, { 0, 0 }, current };
	int rc;

	for (int i = 0; i < 400; i++) {
		k[i].start = R + (uintptr_t)(2 * i) * P;
		k[i].end = k[i].start + P;
	}
	rc = flexcc_mpk_seccomp_install(&f);
	if (rc != -E2BIG) {
		fprintf(stderr, "install: %d, not -E2BIG\n", rc);
		return 1;
	}
	/* Nothing installed: the process is free, and can try again. */
	if (munmap(K1, P) || install(0))
		return 1;
	return 0;
}

static int install(int many)
{
	struct flexcc_range keyed[4 + MANY_K] = {
		{ K1, K1 + 4 * P }, { K2, K2 + P }, { K3S, K3E }, { K4S, K4E },
	};
	char *m = (char *)((uintptr_t)&setup & ~(P - 1));
	struct flexcc_range code[2 + MANY_C] = { { C, C + 2 * P },
						 { m, m + P } };
	struct flexcc_mpk_filter f = {
		keyed, 4, code, 2, { 0, 0 }, current,
	};
	int rc;

	if (many) {
		M1 = mmap(0, 2 * MANY_K * P, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		M2 = mmap(0, 2 * MANY_C * P, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (M1 == MAP_FAILED || M2 == MAP_FAILED)
			return fail("mmap M1/M2");
		for (int i = 0; i < MANY_K; i++) {
			keyed[4 + i].start = M1 + 2 * i * P;
			keyed[4 + i].end = M1 + (2 * i + 1) * P;
		}
		for (int i = 0; i < MANY_C; i++) {
			code[2 + i].start = M2 + 2 * i * P;
			code[2 + i].end = M2 + (2 * i + 1) * P;
		}
		f.nr_keyed += MANY_K;
		f.nr_code += MANY_C;
	}
	rc = flexcc_mpk_seccomp_install(&f);

	if (rc) {
		errno = -rc;
		return fail("flexcc_mpk_seccomp_install");
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The calls                                                                */
/* ---------------------------------------------------------------------- */

static int um(void *a, unsigned long l)
{
	return munmap(a, l) ? fail("munmap") : 0;
}

static int t_munmap_keyed(void) { return um(K1, 4 * P); }
static int t_munmap_span_below(void) { return um(K1 - 2 * P, 3 * P); }
static int t_munmap_span_above(void) { return um(K1 + 3 * P, 3 * P); }
static int t_munmap_cover(void) { return um(K1 - 2 * P, 8 * P); }
static int t_munmap_last(void) { return um(K1 + 3 * P, P); }
static int t_munmap_unaligned_len(void) { return um(K1 - P, P + 1); }
static int t_munmap_adj_below(void) { return um(K1 - 2 * P, 2 * P); }
static int t_munmap_adj_above(void) { return um(K1 + 4 * P, 2 * P); }
static int t_munmap_unrelated(void) { return um(R, 4 * P); }
static int t_munmap_code(void) { return um(C + P, P); }
static int t_munmap_zero(void) { return um((void *)0, P); }

static int t_mremap_keyed(void)
{
	return mremap(K1, P, 2 * P, MREMAP_MAYMOVE) == MAP_FAILED
		       ? fail("mremap") : 0;
}

static int t_mremap_dup(void)
{
	mremap(K2, 0, P, MREMAP_MAYMOVE);
	return 0;
}

static void *fresh(unsigned long len)
{
	return mmap(0, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int t_mremap_dest(void)
{
	char *q = fresh(P);

	return mremap(q, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, K2) == MAP_FAILED
		       ? fail("mremap") : 0;
}

static int t_mremap_dest_adj(void)
{
	char *q = fresh(P);

	return mremap(q, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, K2 + P) ==
			       MAP_FAILED
		       ? fail("mremap") : 0;
}

static int t_mremap_unrelated(void)
{
	char *q = fresh(P);

	q = mremap(q, P, 64 * P, MREMAP_MAYMOVE);
	if (q == MAP_FAILED)
		return fail("mremap");
	q[63 * P] = 1;
	return um(q, 64 * P);
}

static int mfix(char *a, unsigned long l)
{
	return mmap(a, l, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED
		       ? fail("mmap") : 0;
}

static int t_mmap_fixed_keyed(void) { return mfix(K1 - P, 2 * P); }
static int t_mmap_fixed_code(void) { return mfix(C, P); }
static int t_mmap_fixed_adj(void) { return mfix(K1 + 4 * P, P); }

static int t_mmap_fresh(void)
{
	char *q = fresh(1 << 20);

	if (q == MAP_FAILED)
		return fail("mmap");
	memset(q, 1, 1 << 20);
	return um(q, 1 << 20);
}

static int madv(void *a, unsigned long l, int adv)
{
	return madvise(a, l, adv) ? fail("madvise") : 0;
}

static int t_madv_dontneed(void) { return madv(K1, P, MADV_DONTNEED); }
static int t_madv_remove(void) { return madv(K1 + P, P, MADV_REMOVE); }
static int t_madv_free(void) { return madv(K1, 4 * P, MADV_FREE); }
static int t_madv_span(void) { return madv(K1 - P, 2 * P, MADV_DONTNEED); }
static int t_madv_code(void) { return madv(C, P, MADV_DONTNEED); }
static int t_madv_willneed(void) { return madv(K1, 4 * P, MADV_WILLNEED); }
static int t_madv_unrelated(void) { return madv(R, P, MADV_DONTNEED); }
static int t_madv_adj(void) { return madv(K1 + 4 * P, P, MADV_DONTNEED); }

static int t_mprotect_keyed_rw(void)
{
	if (mprotect(K1, 4 * P, PROT_NONE) || mprotect(K1, P, PROT_READ) ||
	    mprotect(K1, 4 * P, PROT_READ | PROT_WRITE))
		return fail("mprotect");
	K1[0] = 1;
	return 0;
}

static int t_shmdt_keyed(void)
{
	shmdt(K1 + P);
	return 0;
}

static int t_shmat_remap(void)
{
	int id = shmget(IPC_PRIVATE, P, IPC_CREAT | 0600);

	if (id < 0)
		return fail("shmget");
	shmctl(id, IPC_RMID, 0);
	return shmat(id, K1, SHM_REMAP) == (void *)-1 ? fail("shmat") : 0;
}

static int t_shmat_plain(void)
{
	int id = shmget(IPC_PRIVATE, P, IPC_CREAT | 0600);
	char *q;

	if (id < 0)
		return fail("shmget");
	q = shmat(id, 0, 0);
	shmctl(id, IPC_RMID, 0);
	if (q == (void *)-1)
		return fail("shmat");
	q[0] = 1;
	return shmdt(q) ? fail("shmdt") : 0;
}

/* exec */
static int t_mmap_exec(void)
{
	return mmap(0, P, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0) == MAP_FAILED ? fail("mmap") : 0;
}

static int t_mprotect_exec_fresh(void)
{
	char *q = fresh(P);

	return mprotect(q, P, PROT_READ | PROT_EXEC) ? fail("mprotect") : 0;
}

static int t_mprotect_exec_keyed(void)
{
	return mprotect(K1, P, PROT_READ | PROT_WRITE | PROT_EXEC)
		       ? fail("mprotect") : 0;
}

static int t_mprotect_code(void)
{
	return mprotect(C, 2 * P, PROT_READ | PROT_WRITE) ? fail("mprotect")
							   : 0;
}

static int t_mprotect_real_code(void)
{
	char *m = (char *)((uintptr_t)&setup & ~(P - 1));

	return mprotect(m, P, PROT_READ) ? fail("mprotect") : 0;
}

static int t_mprotect_state(void)
{
	struct flexcc_range s = flexcc_mpk_seccomp_state_page();

	return mprotect(s.start, P, PROT_READ | PROT_WRITE) ? fail("mprotect")
							     : 0;
}

static int t_mprotect_token(void)
{
	struct flexcc_range s = flexcc_mpk_seccomp_token_page();

	return mprotect(s.start, P, PROT_READ | PROT_WRITE) ? fail("mprotect")
							     : 0;
}

static int t_personality_rie(void)
{
	personality(READ_IMPLIES_EXEC);
	return 0;
}

static int t_personality_query(void)
{
	return personality(0xffffffff) == -1 ? fail("personality") : 0;
}

/* keys */
static int t_pkey_mprotect(void)
{
	syscall(SYS_pkey_mprotect, K1, P, PROT_READ, 1);
	return 0;
}

static int t_pkey_alloc(void)
{
	syscall(SYS_pkey_alloc, 0, 0);
	return 0;
}

static int t_pkey_free(void)
{
	syscall(SYS_pkey_free, 1);
	return 0;
}

/* foreign accesses */
static int t_vm_writev(void)
{
	char b[8] = "x";
	struct iovec l = { b, 1 }, r = { K1, 1 };

	process_vm_writev(getpid(), &l, 1, &r, 1, 0);
	return 0;
}

static int t_vm_readv(void)
{
	char b[8];
	struct iovec l = { b, 1 }, r = { K1, 1 };

	process_vm_readv(getpid(), &l, 1, &r, 1, 0);
	return 0;
}

static int t_ptrace(void)
{
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	return 0;
}

static int t_io_uring(void)
{
	char params[120];

	memset(params, 0, sizeof(params));
	syscall(SYS_io_uring_setup, 4, params);
	return 0;
}

static int t_userfaultfd(void)
{
	syscall(SYS_userfaultfd, 0);
	return 0;
}

static int t_seccomp(void)
{
	unsigned a = SECCOMP_RET_KILL_PROCESS;

	syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &a);
	return 0;
}

static int t_prctl_seccomp(void)
{
	prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
	return 0;
}

static int t_remap_file_pages(void)
{
	syscall(SYS_remap_file_pages, K1, P, 0, 0, 0);
	return 0;
}

static int t_perf_event_open(void)
{
	char attr[128];

	memset(attr, 0, sizeof(attr));
	syscall(SYS_perf_event_open, attr, 0, -1, -1, 0);
	return 0;
}

static int t_process_madvise(void)
{
	syscall(SYS_process_madvise, -1, 0, 0, MADV_COLD, 0);
	return 0;
}

static int t_dumpable(void)
{
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	return 0;
}

static int t_dumpable0(void)
{
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) ? fail("prctl") : 0;
}

static int t_prctl_mm(void)
{
	prctl(PR_SET_MM, PR_SET_MM_START_BRK, (unsigned long)K1, 0, 0);
	return 0;
}

/* /proc/self/mem: refused to a non-root image (not dumpable). */
static int t_proc_self_mem(void)
{
	char path[64];
	int fd;

	if (geteuid() == 0 && setresuid(65534, 65534, 65534))
		return fail("setresuid");
	fd = open("/proc/self/mem", O_RDWR);
	if (fd >= 0 || errno != EACCES) {
		fprintf(stderr, "open /proc/self/mem: %d (%s)\n", fd,
			strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", getpid(),
		 getpid());
	fd = open(path, O_RDONLY);
	if (fd >= 0 || errno != EACCES) {
		fprintf(stderr, "open %s: %d (%s)\n", path, fd,
			strerror(errno));
		return 1;
	}
	return 0;
}

/* signals */
static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

static int t_rt_sigreturn(void)
{
	syscall(SYS_rt_sigreturn);
	return 0;
}

static int t_glibc_handler_return(void)
{
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	return 0;
}

struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static int t_restorer(void)
{
	struct ksigaction k = { on_usr1, 0x04000000 /* SA_RESTORER */,
				flexcc_mpk_restorer, 0 };

	if (syscall(SYS_rt_sigaction, SIGUSR1, &k, 0, 8))
		return fail("rt_sigaction");
	for (int i = 0; i < 3; i++) {
		handled = 0;
		raise(SIGUSR1);
		if (!handled) {
			fprintf(stderr, "handler did not run\n");
			return 1;
		}
	}
	return 0;
}

static int t_sigaction_sigsys(void)
{
	signal(SIGSYS, SIG_IGN);
	return 0;
}

static int t_sigaction_other(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR2, &sa, 0) || sigaction(SIGSYS, 0, &sa))
		return fail("sigaction");
	return 0;
}

/* The report on an alternate stack that the runtime set (trusted), with
 * the thread's stack unusable. */
static int t_altstack(void)
{
	stack_t ss = { .ss_sp = malloc(1 << 16), .ss_size = 1 << 16 };
	long r = flexcc_mpk_trusted_syscall(SYS_sigaltstack, (long)&ss, 0, 0,
					    0, 0);

	if (r) {
		fprintf(stderr, "trusted sigaltstack: %ld\n", r);
		return 1;
	}
	__asm__ volatile("mov %%rsp, %%rbx\n\t"
			 "xor %%esp, %%esp\n\t" /* no stack but the alternate */
			 "mov %[nr], %%eax\n\t"
			 "syscall\n\t"
			 "mov %%rbx, %%rsp"
			 :
			 : [nr] "i"(SYS_munmap), "D"(K1), "S"(P)
			 : "rax", "rbx", "rcx", "r11", "memory");
	return 0;
}

static int t_sigaltstack_set(void)
{
	stack_t ss = { .ss_sp = K1, .ss_size = 4 * P };

	sigaltstack(&ss, 0);
	return 0;
}

static int t_sigaltstack_query(void)
{
	stack_t old;

	return sigaltstack(0, &old) ? fail("sigaltstack") : 0;
}

/* misc */
static int t_write(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0 || write(fd, "x", 1) != 1)
		return fail("write");
	return close(fd);
}

static int t_malloc_big(void)
{
	char *q = malloc(64 << 20);

	if (!q)
		return fail("malloc");
	memset(q, 1, 64 << 20);
	free(q);
	for (int i = 0; i < 100; i++) {
		q = malloc((size_t)(1 + i % 7) << 20);
		if (!q)
			return fail("malloc");
		q[0] = 1;
		free(q);
	}
	return 0;
}

static int t_int80(void)
{
	long r = 20; /* getpid in the i386 table */

	__asm__ volatile("int $0x80" : "+a"(r) : : "memory", "r8", "r9", "r10",
			 "r11");
	return 0;
}

static int t_x32(void)
{
	syscall(0x40000000 | SYS_getpid);
	return 0;
}

/* threads */
static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		free(malloc((size_t)(i + 1) * 4096));
	return 0;
}

static int t_pthreads(void)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		if ((errno = pthread_create(&t[i], 0, worker, 0)))
			return fail("pthread_create");
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	return 0;
}

static void *bad_worker(void *arg)
{
	(void)arg;
	munmap(K2, P);
	return arg;
}

static int t_thread_after(void)
{
	pthread_t t;

	if ((errno = pthread_create(&t, 0, bad_worker, 0)))
		return fail("pthread_create");
	pthread_join(t, 0);
	return 0;
}

static int gate[2];
static pthread_t early;

static void *early_worker(void *arg)
{
	char c;

	if (read(gate[0], &c, 1) != 1)
		return 0;
	return bad_worker(arg);
}

static int t_fork_child(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		munmap(K1, P);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return fail("fork");
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* trusted call sites */
static int t_trusted_munmap(void)
{
	long r = flexcc_mpk_trusted_syscall(SYS_munmap, (long)K1, 4 * P, 0, 0,
					    0);

	if (r) {
		fprintf(stderr, "trusted munmap: %ld\n", r);
		return 1;
	}
	r = flexcc_mpk_trusted_syscall(SYS_mprotect, (long)C, P,
				       PROT_READ | PROT_EXEC, 0, 0);
	if (r) {
		fprintf(stderr, "trusted mprotect: %ld\n", r);
		return 1;
	}
	return 0;
}

/* The caller's signal mask survives a trusted call. */
static int t_trusted_mask(void)
{
	sigset_t set, now;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_SETMASK, &set, 0);
	if (flexcc_mpk_trusted_syscall(SYS_getpid, 0, 0, 0, 0, 0) != getpid())
		return 1;
	sigprocmask(SIG_SETMASK, 0, &now);
	if (!sigismember(&now, SIGUSR2) || sigismember(&now, SIGUSR1)) {
		fprintf(stderr, "mask changed\n");
		return 1;
	}
	return 0;
}

static int t_trusted_pkey_alloc(void)
{
	long r = flexcc_mpk_trusted_syscall(SYS_pkey_alloc, 0, 0, 0, 0, 0);

	/* The host has no PKU: an error, but no trap. */
	if (r >= 0)
		flexcc_mpk_trusted_syscall(SYS_pkey_free, r, 0, 0, 0, 0);
	return 0;
}

/* munmap(K1, P) from the trusted syscall instruction with r9 = @p tok. */
static long jump_in(unsigned long tok)
{
	long res;

	__asm__ volatile("mov %[nr], %%rax\n\t"
			 "mov %[a], %%rdi\n\t"
			 "mov %[l], %%rsi\n\t"
			 "mov %[tok], %%r9\n\t"
			 "sub $128, %%rsp\n\t"
			 "call *%[t]\n\t"
			 "add $128, %%rsp\n\t"
			 "mov %%rax, %[res]"
			 : [res] "=r"(res)
			 : [nr] "r"((long)SYS_munmap), [a] "r"(K1),
			   [l] "r"(P), [tok] "r"(tok),
			   [t] "r"(flexcc_mpk__trusted_syscall_insn)
			 : "rax", "rdi", "rsi", "r9", "rcx", "r11", "memory");
	return res;
}

static int t_jump_no_token(void) { jump_in(0); return 0; }
static int t_jump_bad_lo(void)
{
	jump_in(flexcc_mpk_tokpage.word ^ 1);
	return 0;
}
static int t_jump_bad_hi(void)
{
	jump_in(flexcc_mpk_tokpage.word ^ (1UL << 32));
	return 0;
}
static int t_jump_token(void)
{
	/* With the token (readable here: no PKU) the call is trusted. */
	return jump_in(flexcc_mpk_tokpage.word) ? 1 : 0;
}

/* edges: 64-bit arithmetic on 32-bit halves */
static int t_k3_below_adj(void) { return um(K3S - 2 * P, 2 * P); }
static int t_k3_span(void) { return um(K3S - P, 2 * P); }
static int t_k3_above_adj(void) { return um(K3E, P); }
static int t_k3_last(void) { return um(K3E - P, P); }
static int t_k3_carry(void) { return um(K3S - P, 3 * P); }
static int t_k4_carry_adj(void) { return um(K4S - 2 * P, 2 * P); }
static int t_k4_carry_span(void) { return um(K4S - 2 * P, 3 * P); }
static int t_k4_above_adj(void) { return um(K4E, P); }
static int t_len_hi_wrap(void)
{
	/* lo: 0xffffe000 + 0x3000 carries; hi: 7 + 0xffffffff + 1 wraps. */
	return um(K4S - 2 * P, 0xffffffff00003000UL);
}
static int t_overflow(void) { return um(R, 0xfffffffffffff000UL); }
static int t_mmap_fixed_carry(void) { return mfix(K3S - P, 3 * P); }

/* many ranges: the gaps stay free, the last ranges are still checked */
static int t_many_gaps(void)
{
	for (int i = 0; i < MANY_K; i++)
		if (um(M1 + (2 * i + 1) * P, P))
			return 1;
	for (int i = 0; i < MANY_C; i++)
		if (mprotect(M2 + (2 * i + 1) * P, P, PROT_READ))
			return fail("mprotect");
	return 0;
}
static int t_many_last_keyed(void) { return um(M1 + 2 * (MANY_K - 1) * P, P); }
static int t_many_last_code(void)
{
	return mprotect(M2 + 2 * (MANY_C - 1) * P, P, PROT_READ)
		       ? fail("mprotect") : 0;
}

/* ---------------------------------------------------------------------- */

enum expect { ALLOW, DENY };

static const struct tcase {
	const char *group, *name;
	enum expect expect;
	const char *text; /* in the report (DENY) */
	int (*fn)(void);
	int flags; /* 1: a thread made before install; 2: many ranges;
		    * 4: the case installs */
} cases[] = {
	{ "memory", "munmap-keyed", DENY, "munmap of protected memory at 0x", t_munmap_keyed, 0 },
	{ "memory", "munmap-span-below", DENY, "munmap of protected memory", t_munmap_span_below, 0 },
	{ "memory", "munmap-span-above", DENY, "munmap of protected memory", t_munmap_span_above, 0 },
	{ "memory", "munmap-cover", DENY, "munmap of protected memory", t_munmap_cover, 0 },
	{ "memory", "munmap-last-page", DENY, "munmap of protected memory", t_munmap_last, 0 },
	{ "memory", "munmap-unaligned-len", DENY, "munmap of protected memory", t_munmap_unaligned_len, 0 },
	{ "memory", "munmap-code", DENY, "munmap of code or runtime memory", t_munmap_code, 0 },
	{ "memory", "munmap-adjacent-below", ALLOW, 0, t_munmap_adj_below, 0 },
	{ "memory", "munmap-adjacent-above", ALLOW, 0, t_munmap_adj_above, 0 },
	{ "memory", "munmap-unrelated", ALLOW, 0, t_munmap_unrelated, 0 },
	{ "memory", "munmap-page-zero", ALLOW, 0, t_munmap_zero, 0 },
	{ "memory", "mremap-keyed", DENY, "mremap of protected memory", t_mremap_keyed, 0 },
	{ "memory", "mremap-dup", DENY, "mremap of protected memory", t_mremap_dup, 0 },
	{ "memory", "mremap-dest", DENY, "as the destination", t_mremap_dest, 0 },
	{ "memory", "mremap-dest-adjacent", ALLOW, 0, t_mremap_dest_adj, 0 },
	{ "memory", "mremap-unrelated", ALLOW, 0, t_mremap_unrelated, 0 },
	{ "memory", "mmap-fixed-keyed", DENY, "mmap of protected memory", t_mmap_fixed_keyed, 0 },
	{ "memory", "mmap-fixed-code", DENY, "mmap of code or runtime memory", t_mmap_fixed_code, 0 },
	{ "memory", "mmap-fixed-adjacent", ALLOW, 0, t_mmap_fixed_adj, 0 },
	{ "memory", "mmap-fresh", ALLOW, 0, t_mmap_fresh, 0 },
	{ "memory", "madvise-dontneed-keyed", DENY, "madvise of protected memory", t_madv_dontneed, 0 },
	{ "memory", "madvise-remove-keyed", DENY, "madvise of protected memory", t_madv_remove, 0 },
	{ "memory", "madvise-free-keyed", DENY, "madvise of protected memory", t_madv_free, 0 },
	{ "memory", "madvise-dontneed-span", DENY, "madvise of protected memory", t_madv_span, 0 },
	{ "memory", "madvise-dontneed-code", DENY, "madvise of code", t_madv_code, 0 },
	{ "memory", "madvise-willneed-keyed", ALLOW, 0, t_madv_willneed, 0 },
	{ "memory", "madvise-dontneed-unrelated", ALLOW, 0, t_madv_unrelated, 0 },
	{ "memory", "madvise-dontneed-adjacent", ALLOW, 0, t_madv_adj, 0 },
	{ "memory", "mprotect-keyed-rw", ALLOW, 0, t_mprotect_keyed_rw, 0 },
	{ "memory", "shmdt-keyed", DENY, "shmdt of protected memory", t_shmdt_keyed, 0 },
	{ "memory", "shmat-remap", DENY, "shmat with SHM_REMAP", t_shmat_remap, 0 },
	{ "memory", "shmat-plain", ALLOW, 0, t_shmat_plain, 0 },
	{ "exec", "mmap-exec", DENY, "mmap making executable memory", t_mmap_exec, 0 },
	{ "exec", "mprotect-exec-fresh", DENY, "mprotect making executable memory", t_mprotect_exec_fresh, 0 },
	{ "exec", "mprotect-exec-keyed", DENY, "mprotect making executable memory", t_mprotect_exec_keyed, 0 },
	{ "exec", "mprotect-code", DENY, "mprotect of code or runtime memory", t_mprotect_code, 0 },
	{ "exec", "mprotect-real-code", DENY, "mprotect of code or runtime memory", t_mprotect_real_code, 0 },
	{ "exec", "mprotect-state-page", DENY, "mprotect of code or runtime memory", t_mprotect_state, 0 },
	{ "exec", "mprotect-token-page", DENY, "mprotect of code or runtime memory", t_mprotect_token, 0 },
	{ "exec", "personality-read-implies-exec", DENY, "personality(READ_IMPLIES_EXEC)", t_personality_rie, 0 },
	{ "exec", "personality-query", ALLOW, 0, t_personality_query, 0 },
	{ "keys", "pkey-mprotect", DENY, "pkey_mprotect (it changes protection keys)", t_pkey_mprotect, 0 },
	{ "keys", "pkey-alloc", DENY, "pkey_alloc (", t_pkey_alloc, 0 },
	{ "keys", "pkey-free", DENY, "pkey_free (", t_pkey_free, 0 },
	{ "foreign", "process-vm-writev", DENY, "process_vm_writev (its accesses ignore", t_vm_writev, 0 },
	{ "foreign", "process-vm-readv", DENY, "process_vm_readv (", t_vm_readv, 0 },
	{ "foreign", "ptrace", DENY, "ptrace (", t_ptrace, 0 },
	{ "foreign", "io-uring-setup", DENY, "io_uring_setup (", t_io_uring, 0 },
	{ "foreign", "userfaultfd", DENY, "userfaultfd (", t_userfaultfd, 0 },
	{ "foreign", "seccomp", DENY, "seccomp (", t_seccomp, 0 },
	{ "foreign", "prctl-seccomp", DENY, "prctl(PR_SET_SECCOMP)", t_prctl_seccomp, 0 },
	{ "foreign", "prctl-mm", DENY, "prctl(PR_SET_MM)", t_prctl_mm, 0 },
	{ "foreign", "remap-file-pages", DENY, "remap_file_pages (", t_remap_file_pages, 0 },
	{ "foreign", "process-madvise", DENY, "process_madvise (", t_process_madvise, 0 },
	{ "foreign", "perf-event-open", DENY, "perf_event_open (", t_perf_event_open, 0 },
	{ "foreign", "prctl-dumpable", DENY, "prctl(PR_SET_DUMPABLE)", t_dumpable, 0 },
	{ "foreign", "prctl-dumpable-0", ALLOW, 0, t_dumpable0, 0 },
	{ "foreign", "proc-self-mem-non-root", ALLOW, 0, t_proc_self_mem, 0 },
	{ "signals", "rt-sigreturn", DENY, "rt_sigreturn (outside the runtime's signal return", t_rt_sigreturn, 0 },
	{ "signals", "libc-handler-return", DENY, "rt_sigreturn (", t_glibc_handler_return, 0 },
	{ "signals", "restorer-handler-return", ALLOW, 0, t_restorer, 0 },
	{ "signals", "sigaction-sigsys", DENY, "rt_sigaction of SIGSYS", t_sigaction_sigsys, 0 },
	{ "signals", "sigaction-other", ALLOW, 0, t_sigaction_other, 0 },
	{ "signals", "report-on-altstack", DENY, "munmap of protected memory", t_altstack, 0 },
	{ "signals", "sigaltstack-set", DENY, "sigaltstack setting a stack", t_sigaltstack_set, 0 },
	{ "signals", "sigaltstack-query", ALLOW, 0, t_sigaltstack_query, 0 },
	{ "misc", "write", ALLOW, 0, t_write, 0 },
	{ "misc", "malloc-big", ALLOW, 0, t_malloc_big, 0 },
	{ "misc", "int80", DENY, "through a foreign ABI (arch 0x40000003", t_int80, 0 },
	{ "misc", "x32", DENY, "x32-ABI system call 0x40000027", t_x32, 0 },
	{ "threads", "pthreads", ALLOW, 0, t_pthreads, 0 },
	{ "threads", "thread-after-install", DENY, "munmap of protected memory", t_thread_after, 0 },
	{ "threads", "thread-before-install", DENY, "munmap of protected memory", 0, 1 },
	{ "threads", "fork-child", DENY, "munmap of protected memory", t_fork_child, 0 },
	{ "trusted", "trusted-munmap-mprotect", ALLOW, 0, t_trusted_munmap, 0 },
	{ "trusted", "trusted-pkey-alloc", ALLOW, 0, t_trusted_pkey_alloc, 0 },
	{ "trusted", "trusted-keeps-signal-mask", ALLOW, 0, t_trusted_mask, 0 },
	{ "trusted", "jump-in-no-token", DENY, "munmap of protected memory", t_jump_no_token, 0 },
	{ "trusted", "jump-in-bad-token-lo", DENY, "munmap of protected memory", t_jump_bad_lo, 0 },
	{ "trusted", "jump-in-bad-token-hi", DENY, "munmap of protected memory", t_jump_bad_hi, 0 },
	{ "trusted", "jump-in-with-token", ALLOW, 0, t_jump_token, 0 },
	{ "edges", "k3-below-adjacent", ALLOW, 0, t_k3_below_adj, 0 },
	{ "edges", "k3-span-into", DENY, "munmap of protected memory at 0x6ffffd000 (0x2000 bytes)", t_k3_span, 0 },
	{ "edges", "k3-above-adjacent", ALLOW, 0, t_k3_above_adj, 0 },
	{ "edges", "k3-last-page", DENY, "munmap of protected memory at 0x700001000", t_k3_last, 0 },
	{ "edges", "k3-low-carry", DENY, "munmap of protected memory", t_k3_carry, 0 },
	{ "edges", "k4-carry-adjacent", ALLOW, 0, t_k4_carry_adj, 0 },
	{ "edges", "k4-carry-span", DENY, "munmap of protected memory", t_k4_carry_span, 0 },
	{ "edges", "k4-above-adjacent", ALLOW, 0, t_k4_above_adj, 0 },
	{ "edges", "len-hi-wrap", DENY, "munmap of ", t_len_hi_wrap, 0 },
	{ "edges", "end-past-2^64", DENY, "munmap of ", t_overflow, 0 },
	{ "edges", "mmap-fixed-carry", DENY, "mmap of protected memory", t_mmap_fixed_carry, 0 },
	{ "edges", "too-many-ranges", ALLOW, 0, t_too_many, 4 },
	{ "edges", "many-ranges-gaps", ALLOW, 0, t_many_gaps, 2 },
	{ "edges", "many-ranges-last-keyed", DENY, "munmap of protected memory", t_many_last_keyed, 2 },
	{ "edges", "many-ranges-last-code", DENY, "mprotect of code", t_many_last_code, 2 },
};
#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

static int child(const struct tcase *c)
{
	if (setup())
		return 2;
	if (c->flags & 1) {
		if (pipe(gate) || pthread_create(&early, 0, early_worker, 0))
			return fail("early thread");
	}
	if (c->flags & 4)
		return c->fn();
	if (install(c->flags & 2))
		return 2;
	if (c->flags & 1) {
		if (write(gate[1], "x", 1) != 1)
			return fail("write");
		pthread_join(early, 0);
		return 0;
	}
	return c->fn();
}

static int run(const struct tcase *c)
{
	int pfd[2], st;
	char out[4096];
	size_t n = 0;
	ssize_t r;
	pid_t pid;
	int ok;

	if (pipe(pfd))
		return fail("pipe");
	fflush(0);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 2);
		_exit(child(c));
	}
	close(pfd[1]);
	while ((r = read(pfd[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	if (c->expect == DENY) {
		char *nl = strchr(out, '\n');

		ok = WIFEXITED(st) && WEXITSTATUS(st) == 70 &&
		     !strncmp(out, PREFIX, strlen(PREFIX)) && nl &&
		     nl[1] == 0 && strstr(out, c->text) &&
		     strstr(out, c->text) < nl;
		/* A kernel without 32-bit emulation faults on int 0x80. */
		if (!ok && c->fn == t_int80 && WIFSIGNALED(st) &&
		    WTERMSIG(st) == SIGSEGV && n == 0) {
			ok = 1;
			printf("(no 32-bit emulation in this kernel) ");
		}
	} else {
		ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && n == 0;
	}
	printf("%s %-32s %s, ", ok ? "PASS" : "FAIL", c->name,
	       c->expect == DENY ? "denied expected" : "allowed expected");
	if (WIFEXITED(st))
		printf("status %d", WEXITSTATUS(st));
	else
		printf("signal %d", WTERMSIG(st));
	printf("%s%.*s\n", n ? ": " : "", (int)(n && out[n - 1] == '\n' ? n - 1 : n),
	       out);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	int failed = 0, ran = 0;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < NR_CASES; i++)
			printf("%s %s\n", cases[i].group, cases[i].name);
		return 0;
	}
	for (size_t i = 0; i < NR_CASES; i++) {
		int sel = argc < 2;

		if (argc == 3 && !strcmp(argv[1], "--group"))
			sel = !strcmp(argv[2], cases[i].group);
		else
			for (int a = 1; a < argc; a++)
				sel |= !strcmp(argv[a], cases[i].name);
		if (!sel)
			continue;
		ran++;
		failed += run(&cases[i]);
	}
	printf("%d of %d cases failed\n", failed, ran);
	return failed || !ran;
}
