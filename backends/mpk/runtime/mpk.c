/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mpk.c - the mpk runtime: one address space, one Intel MPK protection key
 * per compartment (DESIGN.md section 7; flexcc/backend.h, section "mpk").
 *
 * Keys. Compartment i has key i + 2, the runtime key 1, and key 0 is what
 * every compartment shares: libc and the runtime (the trusted base), the
 * shared sections and heap, the bounce buffers, the data shadow stacks, the
 * process's own stack (argv, the environment). A constructor, linked last
 * so that it runs after the image's own constructors (which run with every
 * right, as before isolation starts), allocates the keys and gives each
 * compartment's private data, heap and stacks its key. main() is entered
 * through __flexcc_main_entry, generated per image, which writes the
 * default compartment's PKRU (an immediate) and never returns. An image on
 * a machine without PKU (or without AVX, which the gates use) refuses to
 * start with one line.
 *
 * Stacks. Main runs on a stack of the runtime's (flexcc_dss_prepare_main)
 * with the default compartment's key. Every thread that makes a gate gets a
 * gate state (struct state, key 1, in the 1 MiB region at
 * FLEXCC_MPK_STATE_BASE) and, in a pool reserved at start-up, a stack per
 * compartment with that compartment's key and a shadow (sharing dss) at
 * FLEXCC_DSS_OFFSET above it, with key 0. The thread-local __flexcc_mpk_self
 * points to its state; a thread's first gate finds it NULL and calls
 * __flexcc_mpk_attach (entry.S), which takes a free state (or one whose
 * thread has ended) and its stacks. No system call that the mpk seccomp
 * filter denies is needed after start-up.
 *
 * Signals. A signal handler starts with the kernel's default PKRU (key 0
 * only) on the stack that was running, which may belong to a compartment:
 * every thread that makes gates has an alternate signal stack (key 0) and
 * the image's sigaction() and signal() are wrapped (-Wl,--wrap) so that
 * every handler runs on it, through signal_entry(). A handler is stored in
 * the table of the compartment that registered it, in that compartment's
 * private data (the generated __flexcc_mpk_handler_tables), and is run with
 * that compartment's rights by __flexcc_mpk_sigenter_<i> (entry.S).
 *
 * Faults. A protection-key fault (SIGSEGV, SEGV_PKUERR) is reported with
 * the compartment that faulted (from the PKRU saved in the signal frame),
 * the address, the access and the owner of the address, then the image
 * exits 128 + SIGSEGV, as a crash would. A failed check in a gate exits
 * FAULT_STATUS (70) with a report.
 *
 * Emulation (FLEXCC_MPK_EMULATE, tests/loopback only): on a machine without
 * PKU, WRPKRU and RDPKRU raise SIGILL; the emulated runtime keeps a PKRU per
 * thread in software, gives no range a key, and runs everything else as the
 * real one does, so the generated gates run on any x86-64 machine. It
 * isolates nothing.
 */
#define _GNU_SOURCE
#include <flexcc/backend.h>
#include <flexcc/dss.h>
#include <flexcc/heap.h>
#include <flexcc/report.h>

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "seccomp.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define NCOMP_MAX FLEXCC_MPK_MAX_COMPARTMENTS
#define NSIG_MPK FLEXCC_MPK_NSIG
#define RT_KEY 1
#define STATE_BASE FLEXCC_MPK_STATE_BASE
#define STATE_SIZE 4096UL
#define MAX_STATES 256            /* 1 MiB of states */
#define ALT_BASE 0x6f0010000000UL /* alternate signal stacks, key 0 */
#define ALT_SIZE (64UL << 10)
#define POOL_BASE 0x6f0100000000UL /* compartments' stacks; shadows above */
#define POOL_LEN FLEXCC_DSS_OFFSET
#define POOL_THREADS 64           /* threads with gates at once */
#define NOCOMP_PKRU 0xfffffffcu   /* key 0 only */
#define FAULT_STATUS 70
#define VIOLATION_STATUS (128 + SIGSEGV)

struct state {
	struct flexcc_mpk_state pub; /* sp[], read by the gates */
	_Atomic int tid;             /* the owning thread; 0: free */
	unsigned index;
};

/* This thread's gate state; the gates read it at %fs:...@tpoff. */
__thread struct flexcc_mpk_state *__flexcc_mpk_self
	__attribute__((tls_model("local-exec")));

/* What the generated file defines. */
extern void *const __flexcc_mpk_handler_tables[];
/* entry.S */
typedef void sigenter_fn(int, siginfo_t *, void *);
extern sigenter_fn *const __flexcc_mpk_sigenters[NCOMP_MAX];

static unsigned nr_comps, default_comp;
static size_t slot_size;          /* one compartment's stack in the pool */
static _Atomic int mapped;        /* the regions exist */
static _Atomic int started;       /* keys are in force */
static int emulated;
static _Atomic signed char home[NSIG_MPK]; /* compartment of each handler, or -1 */
static struct sigaction user_view[NSIG_MPK]; /* what the image installed */
static struct flexcc_range main_stack;
static struct flexcc_range heap_ranges[NCOMP_MAX];

/* ---------------------------------------------------------------------- */
/* Reports                                                                 */
/* ---------------------------------------------------------------------- */

/* One line on stderr (flexcc/report.h), then the end of the image. */
#define die(status, ...)                                                       \
	do {                                                                   \
		flexcc_report(__VA_ARGS__);                                    \
		_exit(status);                                                 \
	} while (0)

static const char *comp_name(int c)
{
	if (c < 0 || (unsigned)c >= nr_comps)
		return "(none)";
	return __flexcc_compartments[c].name;
}

/* ---------------------------------------------------------------------- */
/* PKRU                                                                    */
/* ---------------------------------------------------------------------- */

#ifdef FLEXCC_MPK_EMULATE
static __thread unsigned fake_pkru;
static __thread int fake_set;

static unsigned read_pkru(void)
{
	return fake_set ? fake_pkru : FLEXCC_MPK_PKRU(default_comp);
}
#else
static unsigned read_pkru(void)
{
	unsigned eax, edx;

	__asm__ volatile("rdpkru" : "=a"(eax), "=d"(edx) : "c"(0));
	return eax;
}
#endif

/* The compartment whose rights @p pkru gives (in or out of a gate), or -1. */
static int comp_of_pkru(unsigned pkru)
{
	for (unsigned c = 0; c < nr_comps; c++)
		if (pkru == FLEXCC_MPK_PKRU(c) || pkru == FLEXCC_MPK_PKRU_GATE(c))
			return (int)c;
	return -1;
}

/* The PKRU of the interrupted context of a signal, from the XSAVE area of
 * its frame (PKRU is XSAVE component 9); ~0u when absent. */
static unsigned frame_pkru(const ucontext_t *uc)
{
#ifdef FLEXCC_MPK_EMULATE
	(void)uc;
	return read_pkru();
#else
	static unsigned offset;
	const unsigned char *x = (const unsigned char *)uc->uc_mcontext.fpregs;
	uint32_t magic;
	uint64_t bv;

	if (!x)
		return ~0u;
	memcpy(&magic, x + 464, sizeof(magic)); /* sw_reserved.magic1 */
	if (magic != 0x46505853U)               /* FP_XSTATE_MAGIC1 */
		return ~0u;
	if (!offset) {
		unsigned a, b, c, d;
		__cpuid_count(0xd, 9, a, b, c, d);
		(void)a, (void)c, (void)d;
		offset = b;
	}
	memcpy(&bv, x + 512, sizeof(bv));
	if (!(bv & (1ULL << 9)))
		return 0; /* the init state: every key open */
	uint32_t v;
	memcpy(&v, x + offset, sizeof(v));
	return v;
#endif
}

/* ---------------------------------------------------------------------- */
/* Faults                                                                  */
/* ---------------------------------------------------------------------- */

static int in(const struct flexcc_range *r, const void *p)
{
	return (const char *)p >= r->start && (const char *)p < r->end;
}

/* Who owns @p p, in words, for a report. */
static void describe_owner(const void *p, char *buf, size_t len)
{
	uintptr_t a = (uintptr_t)p;

	for (unsigned c = 0; c < nr_comps; c++) {
		const struct flexcc_compartment *k = &__flexcc_compartments[c];
		const char *what = in(&k->ranges.rodata, p) ? "read-only data"
				 : in(&k->ranges.data, p)   ? "data"
				 : in(&k->ranges.bss, p)    ? "zero-initialised data"
				 : in(&heap_ranges[c], p)   ? "heap"
							    : NULL;
		if (what) {
			snprintf(buf, len, "compartment '%s' (its %s)", k->name, what);
			return;
		}
	}
	if (in(&main_stack, p)) {
		snprintf(buf, len, "compartment '%s' (main's stack)",
			 comp_name((int)default_comp));
		return;
	}
	if (slot_size && a >= POOL_BASE && a < POOL_BASE + POOL_LEN) {
		size_t slot = (a - POOL_BASE) / slot_size;
		snprintf(buf, len, "compartment '%s' (a stack of thread slot %zu)",
			 comp_name((int)(slot % nr_comps)), slot / nr_comps);
		return;
	}
	if (a >= STATE_BASE && a < STATE_BASE + MAX_STATES * STATE_SIZE) {
		snprintf(buf, len, "the mpk runtime (gate state)");
		return;
	}
	snprintf(buf, len, "no compartment");
}

static void report_pku_fault(const siginfo_t *info, const ucontext_t *uc)
{
	char owner[160];
	unsigned pkru = frame_pkru(uc);
	int from = comp_of_pkru(pkru);
	int write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;

	describe_owner(info->si_addr, owner, sizeof(owner));
	die(VIOLATION_STATUS,
	    "protection fault: compartment '%s' %s %p, which belongs to "
	    "%s (protection key %u), at pc %p; the image is stopped",
	    from >= 0 ? comp_name(from) : "(outside every compartment)",
	    write ? "wrote" : "read", info->si_addr, owner,
	    (unsigned)info->si_pkey, (void *)uc->uc_mcontext.gregs[REG_RIP]);
}

/* A gate's check failed (entry.S and the generated gates jump here). */
void __flexcc_mpk_gate_fault(const char *gate, unsigned pkru)
	__attribute__((noreturn, visibility("hidden")));
void __flexcc_mpk_gate_fault(const char *gate, unsigned pkru)
{
	die(FAULT_STATUS,
	    "mpk gate fault in %s: PKRU is 0x%08x, not the value the "
	    "gate writes, or the gate state is not the runtime's (a jump into "
	    "the middle of a gate?); the image is stopped",
	    gate, pkru);
}

/* A callback was called from a thread in no compartment. */
void __flexcc_mpk_callback_fault(const char *stub, unsigned pkru)
	__attribute__((noreturn, visibility("hidden")));
void __flexcc_mpk_callback_fault(const char *stub, unsigned pkru)
{
	die(FAULT_STATUS,
	    "mpk callback %s called from outside every compartment "
	    "(PKRU 0x%08x); the image is stopped",
	    stub, pkru);
}

/* ---------------------------------------------------------------------- */
/* Memory                                                                  */
/* ---------------------------------------------------------------------- */

static void *map_at(uintptr_t addr, size_t len, int prot, int flags,
		    const char *what)
{
	void *p = mmap((void *)addr, len, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | flags,
		       -1, 0);
	if (p == MAP_FAILED || (uintptr_t)p != addr)
		die(FAULT_STATUS,
		    "mpk: cannot map %s at %p: %s", what, (void *)addr,
		    p == MAP_FAILED ? strerror(errno) : "address taken");
	return p;
}

static char *slot_base(unsigned thread, unsigned comp)
{
	return (char *)POOL_BASE + ((size_t)thread * nr_comps + comp) * slot_size;
}

/* The regions: gate states, alternate signal stacks, the stack pool and
 * its shadows. Once; before the keys (a gate made by a constructor needs
 * them too). */
static void map_regions(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	if (atomic_exchange(&mapped, 1))
		return;
	nr_comps = __flexcc_nr_compartments;
	if (nr_comps == 0 || nr_comps > NCOMP_MAX)
		die(FAULT_STATUS,
		    "error: this mpk image has %u compartments; protection "
		    "keys allow at most %u",
		    nr_comps, NCOMP_MAX);
	for (unsigned c = 0; c < nr_comps; c++)
		if (__flexcc_compartments[c].is_default)
			default_comp = c;
	for (int s = 0; s < NSIG_MPK; s++)
		atomic_store(&home[s], (signed char)-1);
	/* The largest power-of-two slot that fits, at most 8 MiB. */
	slot_size = 8UL << 20;
	while (slot_size * POOL_THREADS * nr_comps > POOL_LEN)
		slot_size /= 2;
	map_at(STATE_BASE, MAX_STATES * STATE_SIZE, PROT_READ | PROT_WRITE, 0,
	       "the gate states");
	map_at(ALT_BASE, MAX_STATES * ALT_SIZE, PROT_READ | PROT_WRITE,
	       MAP_NORESERVE, "the signal stacks");
	map_at(POOL_BASE, POOL_LEN, PROT_READ | PROT_WRITE, MAP_NORESERVE,
	       "the compartments' stacks");
	map_at(POOL_BASE + POOL_LEN, POOL_LEN, PROT_READ | PROT_WRITE,
	       MAP_NORESERVE, "the stacks' shadows");
	/* A guard page under every stack. */
	for (unsigned t = 0; t < POOL_THREADS; t++)
		for (unsigned c = 0; c < nr_comps; c++)
			if (mprotect(slot_base(t, c), pg, PROT_NONE))
				die(FAULT_STATUS, "mpk: mprotect: %s",
				    strerror(errno));
}

/* Calls @p fn(lo, hi, prot, arg) for every mapping of the process, as
 * /proc/self/maps lists them now. */
static void for_each_mapping(void (*fn)(uintptr_t, uintptr_t, int, void *),
			     void *arg)
{
	static char buf[1 << 17]; /* start-up only */
	ssize_t n, len = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die(FAULT_STATUS, "mpk: cannot read /proc/self/maps: %s",
		    strerror(errno));
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	if (len >= (ssize_t)sizeof(buf) - 1)
		die(FAULT_STATUS, "mpk: /proc/self/maps is too long");
	buf[len] = 0;
	for (char *line = buf; line && *line;) {
		char *next = strchr(line, '\n');
		unsigned long lo, hi;
		char perms[5];

		if (next)
			*next++ = 0;
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3)
			fn(lo, hi,
			   (perms[0] == 'r' ? PROT_READ : 0) |
				   (perms[1] == 'w' ? PROT_WRITE : 0) |
				   (perms[2] == 'x' ? PROT_EXEC : 0),
			   arg);
		line = next;
	}
}

/* ---------------------------------------------------------------------- */
/* Threads                                                                 */
/* ---------------------------------------------------------------------- */

static struct state *state_at(unsigned i)
{
	return (struct state *)(STATE_BASE + i * STATE_SIZE);
}

static int filtered; /* the seccomp filter is installed */

static void set_altstack(unsigned i)
{
	stack_t ss = {.ss_sp = (void *)(ALT_BASE + i * ALT_SIZE),
		      .ss_size = ALT_SIZE,
		      .ss_flags = 0};
	/* Under the filter, only the runtime's own call may set it. */
	long r = filtered ? flexcc_mpk_trusted_syscall(SYS_sigaltstack, (long)&ss,
						       0, 0, 0, 0)
			  : (sigaltstack(&ss, NULL) ? -errno : 0);
	if (r)
		die(FAULT_STATUS, "mpk: sigaltstack: %s", strerror((int)-r));
}

/* Gives the calling thread state @p i and its stacks. */
static void take_state(unsigned i)
{
	struct state *s = state_at(i);

	s->index = i;
	for (unsigned c = 0; c < nr_comps; c++)
		s->pub.sp[c] = slot_base(i, c) + slot_size;
	__flexcc_mpk_self = &s->pub;
	set_altstack(i);
}

/* Called (entry.S) by a thread's first gate, with the runtime's key
 * writable: @p seen is what __flexcc_mpk_self held. */
void __flexcc_mpk_attach_thread(void *seen) __attribute__((visibility("hidden")));
void __flexcc_mpk_attach_thread(void *seen)
{
	int tid = (int)syscall(SYS_gettid);
	pid_t pid = getpid();

	if (seen)
		die(FAULT_STATUS,
		    "mpk: the gate state pointer of thread %d is %p, "
		    "not the runtime's (forged?); the image is stopped",
		    tid, seen);
	map_regions();
	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < POOL_THREADS; i++) {
			struct state *s = state_at(i);
			int owner = atomic_load(&s->tid);

			/* A state whose thread has ended is free again. */
			if (pass && owner &&
			    syscall(SYS_tgkill, pid, owner, 0) && errno == ESRCH &&
			    atomic_compare_exchange_strong(&s->tid, &owner, 0))
				owner = 0;
			if (!owner && atomic_compare_exchange_strong(&s->tid, &owner, tid)) {
				take_state(i);
				return;
			}
		}
	die(FAULT_STATUS,
	    "mpk: more than %d threads make gates at once; the image is "
	    "stopped",
	    POOL_THREADS);
}

/* ---------------------------------------------------------------------- */
/* Signals                                                                 */
/* ---------------------------------------------------------------------- */

int __real_sigaction(int, const struct sigaction *, struct sigaction *);

static void signal_entry(int sig, siginfo_t *info, void *ctx)
{
	int c;
#ifdef FLEXCC_MPK_EMULATE
	/* The kernel would give the handler its default PKRU, and sigreturn
	 * the interrupted one. */
	unsigned saved = fake_pkru;
	int saved_set = fake_set;

	fake_pkru = NOCOMP_PKRU;
	fake_set = 1;
#endif
	if (sig == SIGSEGV && info->si_code == SEGV_PKUERR)
		report_pku_fault(info, ctx);
	c = sig >= 0 && sig < NSIG_MPK ? atomic_load(&home[sig]) : -1;
	if (c >= 0) {
		__flexcc_mpk_sigenters[c](sig, info, ctx);
	} else if (sig == SIGSEGV) {
		/* Not ours, and no handler: the default action, on return. */
		struct sigaction dfl = {.sa_handler = SIG_DFL};
		__real_sigaction(SIGSEGV, &dfl, NULL);
	}
#ifdef FLEXCC_MPK_EMULATE
	fake_pkru = saved;
	fake_set = saved_set;
#endif
}

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* The kernel's struct sigaction (rt_sigaction). */
struct ksigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

/*
 * Installs signal_entry for @p sig with @p act's flags: on the alternate
 * stack, returning through flexcc_mpk_restorer (the one rt_sigreturn the
 * seccomp filter allows), with every asynchronous signal blocked (the
 * restorer must not be interrupted once it holds the filter's token).
 */
static int install_entry(int sig, const struct sigaction *act)
{
	const int sync[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};
	struct ksigaction k = {.handler = signal_entry,
			       .flags = (unsigned long)act->sa_flags | SA_SIGINFO |
					SA_ONSTACK | SA_RESTORER,
			       .restorer = flexcc_mpk_restorer,
			       .mask = ~0ULL};

	for (unsigned i = 0; i < sizeof(sync) / sizeof(sync[0]); i++)
		k.mask &= ~(1ULL << (sync[i] - 1));
	return (int)syscall(SYS_rt_sigaction, sig, &k, NULL, 8);
}

/* The image's sigaction (-Wl,--wrap=sigaction). */
int __wrap_sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int __wrap_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	int c = atomic_load(&started) ? comp_of_pkru(read_pkru()) : -1;
	struct sigaction prev;
	int rc;

	if (c < 0 || sig <= 0 || sig >= NSIG_MPK || sig == SIGKILL ||
	    sig == SIGSTOP)
		return __real_sigaction(sig, act, old);
	prev = user_view[sig];
	if (act) {
		int ours = act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
		if (ours) {
			void **table = __flexcc_mpk_handler_tables[c];
			/* Written with the caller's rights: its own data. */
			table[sig] = (act->sa_flags & SA_SIGINFO)
					     ? (void *)act->sa_sigaction
					     : (void *)act->sa_handler;
			atomic_store(&home[sig], (signed char)c);
			rc = install_entry(sig, act);
		} else {
			atomic_store(&home[sig], (signed char)-1);
			/* SIGSEGV stays the runtime's, for its reports. */
			rc = sig == SIGSEGV && act->sa_handler == SIG_DFL
				     ? install_entry(sig, act)
				     : __real_sigaction(sig, act, NULL);
		}
		if (rc)
			return rc;
		user_view[sig] = *act;
	} else if (!prev.sa_handler && __real_sigaction(sig, NULL, &prev)) {
		return -1;
	}
	if (old)
		*old = prev;
	return 0;
}

/* The image's signal (-Wl,--wrap=signal): BSD semantics, as glibc's. */
typedef void (*handler_fn)(int);
handler_fn __wrap_signal(int sig, handler_fn h);
handler_fn __wrap_signal(int sig, handler_fn h)
{
	struct sigaction act = {.sa_handler = h, .sa_flags = SA_RESTART}, old;

	sigemptyset(&act.sa_mask);
	sigaddset(&act.sa_mask, sig);
	if (__wrap_sigaction(sig, &act, &old))
		return SIG_ERR;
	return old.sa_handler;
}

#ifdef FLEXCC_MPK_EMULATE
/* WRPKRU (0f 01 ef) and RDPKRU (0f 01 ee) in software. */
static void emulate_pkru(int sig, siginfo_t *info, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	const unsigned char *pc = (const unsigned char *)g[REG_RIP];

	(void)info;
	if (pc[0] == 0x0f && pc[1] == 0x01 && (pc[2] == 0xef || pc[2] == 0xee)) {
		if (pc[2] == 0xef) {
			fake_pkru = (unsigned)g[REG_RAX];
			fake_set = 1;
		} else {
			g[REG_RAX] = (greg_t)read_pkru();
			g[REG_RDX] = 0;
		}
		g[REG_RIP] += 3;
		return;
	}
	struct sigaction dfl = {.sa_handler = SIG_DFL};
	__real_sigaction(sig, &dfl, NULL);
}
#endif

/* ---------------------------------------------------------------------- */
/* Start-up                                                                */
/* ---------------------------------------------------------------------- */

static int has_avx(void)
{
	unsigned a, b, c, d;
	unsigned lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	if (!(c & (1u << 27)) || !(c & (1u << 28))) /* OSXSAVE, AVX */
		return 0;
	__asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	return (lo & 6) == 6; /* the OS saves SSE and AVX state */
}

static void refuse(const char *why)
{
	die(FAULT_STATUS,
	    "error: this image isolates its compartments with memory "
	    "protection keys (mechanism mpk), but %s; run it on a CPU with "
	    "PKU (Intel Skylake-SP or later, AMD Zen 3 or later) under Linux "
	    "4.9 or later, or rebuild it with --mechanism=ept or none",
	    why);
}

static void allocate_keys(void)
{
	char why[160];
	int k = pkey_alloc(0, 0);

	if (k < 0) {
#ifdef FLEXCC_MPK_EMULATE
		emulated = 1;
		return;
#else
		snprintf(why, sizeof(why),
			 "this machine has none (pkey_alloc: %s)", strerror(errno));
		refuse(why);
#endif
	}
	if (k != RT_KEY) {
		snprintf(why, sizeof(why),
			 "protection key %d is already taken by something else in "
			 "the process (pkey_alloc gave %d)",
			 RT_KEY, k);
		refuse(why);
	}
	for (unsigned c = 0; c < nr_comps; c++) {
		k = pkey_alloc(0, 0);
		if (k != (int)c + 2) {
			snprintf(why, sizeof(why),
				 "the process cannot have protection key %u for "
				 "compartment '%s' (pkey_alloc gave %d)",
				 c + 2, comp_name((int)c), k);
			refuse(why);
		}
	}
}

/* For the SIGSYS report: the compartment of the interrupted context. */
static const char *current_of(const void *uc)
{
	return comp_name(comp_of_pkru(frame_pkru(uc)));
}

#define MAX_RANGES 96
static struct flexcc_range keyed[MAX_RANGES], code[MAX_RANGES];
static unsigned nr_keyed, nr_code;

static void add_range(struct flexcc_range *v, unsigned *n, const void *start,
		      const void *end)
{
	if ((const char *)start >= (const char *)end)
		return;
	if (*n == MAX_RANGES)
		die(FAULT_STATUS, "mpk: too many protected ranges");
	v[*n].start = (char *)(uintptr_t)start;
	v[*n].end = (char *)(uintptr_t)end;
	++*n;
}

static void add_code(uintptr_t lo, uintptr_t hi, int prot, void *arg)
{
	(void)arg;
	if (prot & PROT_EXEC)
		add_range(code, &nr_code, (void *)lo, (void *)hi);
}

/* Confines the process (seccomp.c): keyed memory stays keyed and mapped,
 * code stays code, no new code appears. */
static void install_filter(void)
{
	struct flexcc_mpk_filter f;
	int rc;

	for_each_mapping(add_code, NULL);
	memset(&f, 0, sizeof(f));
	f.keyed = keyed;
	f.nr_keyed = nr_keyed;
	f.code = code;
	f.nr_code = nr_code;
	f.current_compartment = current_of;
	rc = flexcc_mpk_seccomp_install(&f);
	if (rc)
		die(FAULT_STATUS, "mpk: cannot install the seccomp filter: %s",
		    strerror(-rc));
	filtered = 1;
}

/* What protect() gives each range of keyed[]: its key (-1: none to give
 * here) and, for reports, what it is. */
static int keyed_key[MAX_RANGES];
static const char *keyed_what[MAX_RANGES];

/* Lists [start, end) for the filter and, unless @p key is -1, for
 * key_listed(). */
static void protect(const void *start, const void *end, int key,
		    const char *what)
{
	unsigned i = nr_keyed;

	add_range(keyed, &nr_keyed, start, end);
	if (nr_keyed > i) {
		keyed_key[i] = key;
		keyed_what[i] = what;
	}
}

/* Gives the parts of one mapping that listed ranges cover their keys,
 * keeping the mapping's protection. */
static void key_mapping(uintptr_t lo, uintptr_t hi, int prot, void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < nr_keyed; i++) {
		uintptr_t s = (uintptr_t)keyed[i].start, e = (uintptr_t)keyed[i].end;
		uintptr_t a = lo > s ? lo : s, b = hi < e ? hi : e;

		if (keyed_key[i] >= 0 && a < b &&
		    pkey_mprotect((void *)a, b - a, prot, keyed_key[i]))
			die(FAULT_STATUS,
			    "mpk: cannot give %s its protection key: "
			    "pkey_mprotect: %s",
			    keyed_what[i], strerror(errno));
	}
}

/* Gives every range that protect() listed its key: one reading of the
 * maps for all of them. */
static void key_listed(void)
{
	if (!emulated)
		for_each_mapping(key_mapping, NULL);
}

__attribute__((constructor)) static void mpk_start(void)
{
	void *s;
	size_t len;

	map_regions();
	if (!has_avx())
		refuse("its CPU has no AVX, which the gates use");
	allocate_keys();
#ifdef FLEXCC_MPK_EMULATE
	if (emulated) {
		struct sigaction ill = {.sa_sigaction = emulate_pkru,
					.sa_flags = SA_SIGINFO | SA_NODEFER};
		sigemptyset(&ill.sa_mask);
		__real_sigaction(SIGILL, &ill, NULL);
	}
#endif
	/* Main's stack: a runtime stack with the default compartment's key. */
	if (flexcc_dss_prepare_main(0, 1) == 0 &&
	    flexcc_dss_main_runtime_stack(&s, &len) == 0) {
		main_stack.start = s;
		main_stack.end = (char *)s + len;
		protect(s, (char *)s + len, (int)default_comp + 2, "main's stack");
	}
	/* Each compartment's data, heap and stacks. */
	for (unsigned c = 0; c < nr_comps; c++) {
		const struct flexcc_compartment *k = &__flexcc_compartments[c];
		int key = (int)c + 2;
		void *hs;
		size_t hl;

		protect(k->ranges.rodata.start, k->ranges.rodata.end, key,
			"a compartment's read-only data");
		protect(k->ranges.data.start, k->ranges.data.end, key,
			"a compartment's data");
		protect(k->ranges.bss.start, k->ranges.bss.end, key,
			"a compartment's data");
		if (flexcc_heap_range((int)c, &hs, &hl) == 0) {
			heap_ranges[c].start = hs;
			heap_ranges[c].end = (char *)hs + hl;
			protect(hs, (char *)hs + hl, key, "a compartment's heap");
		}
		/* The pool's layout is ours: no need to read the maps. Each
		 * stack but its guard page (PROT_NONE, key 0). */
		size_t pg = (size_t)sysconf(_SC_PAGESIZE);
		for (unsigned t = 0; t < POOL_THREADS && !emulated; t++)
			if (pkey_mprotect(slot_base(t, c) + pg, slot_size - pg,
					  PROT_READ | PROT_WRITE, key))
				die(FAULT_STATUS,
				    "mpk: cannot give a compartment's stack "
				    "its protection key: pkey_mprotect: %s",
				    strerror(errno));
	}
	/* Keyed above, stack by stack. */
	protect((void *)POOL_BASE, (char *)POOL_BASE + POOL_LEN, -1, NULL);
	protect((void *)STATE_BASE, (char *)STATE_BASE + MAX_STATES * STATE_SIZE,
		RT_KEY, "the gate states");
	struct flexcc_range tok = flexcc_mpk_seccomp_token_page();
	protect(tok.start, tok.end, RT_KEY, "the seccomp token");
	key_listed();
	/* The main thread's gate state, unless a constructor made a gate. */
	if (!__flexcc_mpk_self)
		__flexcc_mpk_attach_thread(NULL);
	/* Every handler runs on the alternate stack; SIGSEGV reports faults. */
	struct sigaction segv = {.sa_handler = SIG_DFL};
	sigemptyset(&segv.sa_mask);
	install_entry(SIGSEGV, &segv);
	/* Freed heap pages stay: discarding keyed memory is denied. */
	flexcc_heap_keep_freed_pages();
	atomic_store(&started, 1);
	if (!emulated) {
		flexcc_mpk_have_pku = 1;
		install_filter();
	}
}
