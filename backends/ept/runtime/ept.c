/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ept.c - the ept runtime: one process per compartment, gates are RPC over
 * shared memory (DESIGN.md section 7, backends.h "ept").
 *
 * Launcher. A constructor (after the image's own constructors, as the
 * archive is linked after the image's objects) maps the shared region, makes
 * the shared heap and the image's shared sections (.flexos_shared rodata,
 * data, bss) MAP_SHARED in place, with their contents, and so the main
 * thread's data shadow stack when sharing is dss, then forks one process per
 * compartment other than the default one. The default compartment stays in
 * the original process, which goes on to run main(). Each process replaces
 * every other compartment's private data ranges and heap region with fresh
 * PROT_NONE memory: their contents are gone from it, not only hidden.
 *
 * The shared region holds a control block and the lanes. It is mapped before
 * any fork, so it lies at the same address in every process; we ask for
 * EPT_BASE (0x6e0000000000: far below the mmap area under the stack at
 * 0x7fxxxxxxxxxx, far above PIE images at 0x55..-0x56.. and the heap, so it
 * never collides and is easy to spot in /proc/PID/maps), and take any
 * address the kernel gives if that one is taken.
 *
 * Lanes. A lane is one logical thread of control that may span processes:
 * a thread's first gate gives it a lane (reused from an ended thread of the
 * same compartment when possible). A lane has the compartment whose turn it
 * is to run (turn, also its futex word), a stack of frames {entry, caller,
 * callee, state, errno} and a stack of slot areas, one per frame; a call at
 * depth 0 with a small argument area carries it in the lane's first cache
 * line, with the turn and the frame, and the callee serves it there in
 * place. Only the thread of the compartment
 * whose turn it is touches the lane: a call pushes a frame, hands the turn
 * to the callee and waits (spinning a little, then FUTEX_WAIT on the turn,
 * a non-private futex) for the turn to come
 * back. Whenever the turn comes back while it waits, the top frame is
 * either its own call, done, or a call into its own compartment made further
 * up the chain (a nested call or a callback), which it serves there and
 * then. Each lane has at most one thread in each process: its owner in the
 * owner's process, and in every other process a partner thread, created on
 * the lane's first call into that process by the process's spawner (the
 * main thread of a child; a thread in the parent), which serves the lane
 * forever. So callbacks and nested calls work to any depth, and concurrent
 * callers never share a slot.
 *
 * Failure. The parent has a reaper thread per child (waitpid on that pid
 * only, so the image's own children are left alone). A child killed by a
 * signal is marked dead, every lane is woken, and the reaper reports which
 * call was in progress into it and exits the image with 128 + the signal; a
 * child that exits (its code called exit()) ends the image with its status.
 * Children have PR_SET_PDEATHSIG SIGKILL and ignore SIGINT and SIGQUIT (the
 * terminal sends them to the whole group; the parent decides). So a waiting
 * caller never hangs: its process is ended for it.
 *
 * System calls. A compartment whose 'syscalls:' list is not empty
 * (__flexcc_ept_syscalls, generated only when one is) runs under a seccomp
 * filter, installed in its process once that is set up (a child: before its
 * spawner starts; the default compartment: at the end of the launcher, after
 * the reapers and the spawner have started, with TSYNC so that every thread
 * has it) and inherited by every thread and process it makes. The filter
 * allows the listed calls plus the runtime's own needs (runtime_syscalls and
 * sys_install(), the one place that lists them), and traps every other one
 * (SIGSYS): the handler reports the compartment and the call by their names,
 * then ends the image with FAULT_STATUS (70), like every runtime fault: a
 * child exits 70 and its reaper ends the image with that status without a
 * second report; the parent kills the children and exits 70. Names are
 * resolved with libseccomp before any fork: an unknown one is a start-up
 * error. libseccomp is referenced weakly, so that an image without lists
 * needs no -lseccomp; one with lists linked without it fails at start-up.
 * The image's constructors run before the launcher, unrestricted.
 *
 * Output. stdout is flushed (when it holds anything) before a call leaves a
 * process and after a call is served, so that the image's output comes in
 * the order the unisolated program's does.
 */
#define _GNU_SOURCE
#include <flexcc/backend.h>
#include <flexcc/dss.h>
#include <flexcc/heap.h>
#include <flexcc/report.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define EPT_BASE ((uintptr_t)0x6e0000000000ULL)
#define MAX_COMPS 64
#define MAX_LANES 256
#define MAX_DEPTH 64           /* frames (and slots) per lane */
#define SPIN 2000              /* polls before a futex wait */
#define FAULT_STATUS 70        /* exit status after a runtime fault */

enum { F_CALL = 1, F_DONE, F_LOCAL };

struct frame {
	uint32_t fn;
	uint32_t from;
	uint32_t to;
	uint32_t state;
	int err;
};

/* Bytes of arguments and result that a call at depth 0 carries in the
 * lane's first cache line (inl) instead of its slot: that line goes to the
 * other side with the turn anyway, so a small call moves one line each way,
 * as a bare hand-over does (bench/ept-gate). Always copied whole (a fixed
 * size copies in a few instructions), whatever the entry's size. */
#define INLINE_BYTES 32

struct lane {
	/* The first cache line: what a hand-over at depth 0 touches. */
	_Atomic uint32_t turn;     /* the compartment that runs now; futex word */
	_Atomic uint32_t sleepers; /* threads in FUTEX_WAIT on turn */
	_Atomic uint32_t depth;    /* frames in use; written by the turn's holder */
	struct frame frame0;       /* the frame at depth 0 */
	/* a small call's arguments and result */
	_Alignas(INLINE_BYTES) unsigned char inl[INLINE_BYTES];
	/* The rest. */
	_Atomic uint32_t in_use;   /* owned by a live thread */
	_Atomic int32_t owner;     /* the owner's compartment; -1: never used */
	_Atomic uint64_t requested; /* compartments asked for a partner */
	struct frame frames[MAX_DEPTH - 1]; /* depths 1 and up */
} __attribute__((aligned(64)));

_Static_assert(offsetof(struct lane, inl) + INLINE_BYTES == 64,
	       "a depth-0 call's frame and inline area share the turn's line");

static inline struct frame *frame_at(struct lane *l, unsigned d)
{
	return d ? &l->frames[d - 1] : &l->frame0;
}

/* Whether the call of entry @p e at depth @p d goes through inl. */
static inline int carried_inline(const struct flexcc_ept_entry *e, unsigned d)
{
	return d == 0 && e->size <= INLINE_BYTES;
}

struct comp_ctl {
	_Atomic uint32_t seq;      /* spawner's futex word */
	_Atomic uint32_t sleepers;
	_Atomic int32_t pid;
	_Atomic uint32_t dead;
	_Atomic uint64_t pending[MAX_LANES / 64]; /* lanes wanting a partner */
} __attribute__((aligned(64)));

struct ctl {
	_Atomic uint32_t nr_lanes;  /* lanes ever handed out */
	_Atomic uint32_t exiting;   /* someone is ending the image */
	struct comp_ctl comps[MAX_COMPS];
	struct lane lanes[MAX_LANES];
};

#define CTL_BYTES (((sizeof(struct ctl) + 4095) / 4096) * 4096)
#define SLOTS_BYTES ((size_t)MAX_LANES * MAX_DEPTH * FLEXCC_EPT_SLOT_SIZE)
#define REGION_BYTES (CTL_BYTES + SLOTS_BYTES)

_Static_assert(FLEXCC_EPT_SLOT_SIZE % FLEXCC_EPT_SLOT_ALIGN == 0,
	       "slots must stay aligned");
_Static_assert(CTL_BYTES % FLEXCC_EPT_SLOT_ALIGN == 0,
	       "slots must stay aligned");

/* Per process. */
static struct ctl *C;
static char *slots;
static unsigned self;        /* this process's compartment */
static unsigned default_comp;
static unsigned nr_comps;
static int launched;         /* processes forked; gates are RPC */
static int is_parent = 1;
static pid_t parent_pid;
static pthread_once_t region_once = PTHREAD_ONCE_INIT;
static pthread_key_t lane_key;
static int lane_key_ok;

/* Each compartment's heap region, for the fault handler. */
static struct flexcc_range heap_ranges[MAX_COMPS];

/* In a child: the default compartment's stack frames, taken away
 * (child_on_own_stack): those of the process's stack, and the runtime stack
 * main runs on. */
static struct flexcc_range main_frames[2];

/* The stack pointer at the process's entry (ld.so): above it lie argc,
 * argv, the environment and the auxiliary vector, below it the frames. */
extern void *__libc_stack_end;

/* Per thread. */
static __thread struct lane *tl_lane;
static __thread unsigned tl_idx;
static __thread int *tl_err; /* &errno, once the thread has a lane */
static __thread char *tl_slot0; /* the lane's slot at depth 0 */

/* The dss runtime, when the image links it (weak: not pulled in). */
extern int flexcc_dss_stack_of(const void *p, void **start, size_t *len)
	__attribute__((weak));
extern int flexcc_dss_prepare_main(int shared_shadow, int always)
	__attribute__((weak));
extern int flexcc_dss_main_runtime_stack(void **start, size_t *len)
	__attribute__((weak));
extern int flexcc_dss_process_stack(void **start, void **end)
	__attribute__((weak));
extern int flexcc_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
				 void *(*start)(void *), void *arg)
	__attribute__((weak));

/* ---------------------------------------------------------------------- */
/* Reports                                                                */
/* ---------------------------------------------------------------------- */

static void kill_children(void)
{
	for (unsigned i = 0; i < nr_comps; i++) {
		pid_t pid = C ? atomic_load(&C->comps[i].pid) : 0;

		if (i != default_comp && pid > 0)
			kill(pid, SIGKILL);
	}
}

/* Ends the image with @p status: the parent kills the children first; a
 * child's exit status is the parent's (its reaper passes it on). */
static __attribute__((noreturn)) void end_image(int status)
{
	if (is_parent && launched) {
		atomic_store(&C->exiting, 1);
		kill_children();
	}
	_exit(status);
}

static __attribute__((noreturn, format(printf, 1, 2))) void
fault(const char *fmt, ...);
static void fault(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (launched && C && is_parent && atomic_exchange(&C->exiting, 1)) {
		/* Someone else is ending the image. */
		for (;;)
			pause();
	}
	flexcc_report("ept: %s", msg);
	end_image(FAULT_STATUS);
}

static const char *comp_name(unsigned c)
{
	return c < nr_comps ? __flexcc_compartments[c].name : "?";
}

static const char *sig_name(int sig, char *buf, size_t len)
{
	static const struct {
		int sig;
		const char *name;
	} tab[] = {
		{ SIGSEGV, "SIGSEGV" }, { SIGBUS, "SIGBUS" },
		{ SIGILL, "SIGILL" },   { SIGFPE, "SIGFPE" },
		{ SIGABRT, "SIGABRT" }, { SIGKILL, "SIGKILL" },
		{ SIGTERM, "SIGTERM" }, { SIGINT, "SIGINT" },
		{ SIGQUIT, "SIGQUIT" }, { SIGHUP, "SIGHUP" },
		{ SIGPIPE, "SIGPIPE" }, { SIGTRAP, "SIGTRAP" },
		{ SIGSYS, "SIGSYS" },   { SIGALRM, "SIGALRM" },
		{ SIGUSR1, "SIGUSR1" }, { SIGUSR2, "SIGUSR2" },
		{ SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].sig == sig)
			return tab[i].name;
	snprintf(buf, len, "%d", sig);
	return buf;
}

/* ---------------------------------------------------------------------- */
/* Futexes                                                                */
/* ---------------------------------------------------------------------- */

static void futex_wait(_Atomic uint32_t *w, uint32_t val)
{
	/* The futex word is the atomic itself (same size and layout). */
	syscall(SYS_futex, (uint32_t *)(uintptr_t)w, FUTEX_WAIT, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, (uint32_t *)(uintptr_t)w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	atomic_signal_fence(memory_order_seq_cst);
#endif
}

/* Bumps @p seq and wakes its sleepers (seq_cst: a waiter that registered
 * as a sleeper before our bump is woken; one after it sees the new seq). */
static void bump(_Atomic uint32_t *seq, _Atomic uint32_t *sleepers)
{
	atomic_fetch_add(seq, 1);
	if (atomic_load(sleepers))
		futex_wake(seq);
}

/* ---------------------------------------------------------------------- */
/* The shared region and the lanes                                        */
/* ---------------------------------------------------------------------- */

static void map_region(void)
{
	void *p = mmap((void *)EPT_BASE, REGION_BYTES, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE |
			       MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p != MAP_FAILED && p != (void *)EPT_BASE) {
		munmap(p, REGION_BYTES); /* a kernel that took it as a hint */
		p = MAP_FAILED;
	}
	if (p == MAP_FAILED)
		p = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		fault("cannot map the shared region (%zu bytes): %s",
		      (size_t)REGION_BYTES, strerror(errno));
	C = p;
	slots = (char *)p + CTL_BYTES;
	for (unsigned i = 0; i < MAX_LANES; i++)
		atomic_store(&C->lanes[i].owner, -1);
	nr_comps = __flexcc_nr_compartments;
	for (unsigned i = 0; i < nr_comps; i++)
		if (__flexcc_compartments[i].is_default) {
			default_comp = i;
			break;
		}
	self = default_comp;
}

static void *slot_of(unsigned lane, unsigned depth)
{
	return slots + ((size_t)lane * MAX_DEPTH + depth) * FLEXCC_EPT_SLOT_SIZE;
}

/* The calling thread's slot at depth @p d, once it has a lane. */
static inline void *my_slot(unsigned d)
{
	return tl_slot0 + (size_t)d * FLEXCC_EPT_SLOT_SIZE;
}

static void release_lane(void *p)
{
	struct lane *l = p;

	/* Its partners stay; the lane serves the next thread of this
	 * compartment. */
	if (l && atomic_load(&l->depth) == 0)
		atomic_store(&l->in_use, 0);
	tl_lane = NULL;
}

static __attribute__((noinline)) struct lane *my_lane_slow(void)
{
	struct lane *l;
	unsigned i, n;

	pthread_once(&region_once, map_region);
	n = atomic_load(&C->nr_lanes);
	for (i = 0; i < n && i < MAX_LANES; i++) {
		uint32_t z = 0;

		l = &C->lanes[i];
		if (atomic_load(&l->owner) == (int32_t)self &&
		    atomic_compare_exchange_strong(&l->in_use, &z, 1))
			goto got;
	}
	i = atomic_fetch_add(&C->nr_lanes, 1);
	if (i >= MAX_LANES)
		fault("more than %d threads have made gate calls at once",
		      MAX_LANES);
	l = &C->lanes[i];
	atomic_store(&l->in_use, 1);
	atomic_store(&l->turn, self);
	atomic_store(&l->owner, (int32_t)self);
got:
	tl_lane = l;
	tl_idx = i;
	tl_err = &errno;
	tl_slot0 = slot_of(i, 0);
	if (lane_key_ok)
		pthread_setspecific(lane_key, l);
	return l;
}

static inline struct lane *my_lane(void)
{
	struct lane *l = tl_lane;

	return __builtin_expect(l != NULL, 1) ? l : my_lane_slow();
}

/* Waits until it is @p me's turn on @p l. */
/*
 * The turn word is the futex word. A waiter registers as a sleeper, then
 * checks the turn again before sleeping on its old value; the hander stores
 * the turn, then looks for sleepers. Both are sequentially consistent, so
 * either the waiter sees the new turn or the hander sees the sleeper and
 * wakes it (and a FUTEX_WAIT on a turn that has changed returns at once).
 * A hand-over thus writes the lane's first line once, with no locked
 * read-modify-write on it while the other side polls it.
 */
static __attribute__((noinline)) void wait_turn_sleep(struct lane *l,
						      unsigned me)
{
	for (;;) {
		uint32_t t = atomic_load(&l->turn);

		if (t == me)
			return;
		atomic_fetch_add(&l->sleepers, 1);
		if (atomic_load(&l->turn) != t) {
			atomic_fetch_sub(&l->sleepers, 1);
			continue;
		}
		futex_wait(&l->turn, t);
		atomic_fetch_sub(&l->sleepers, 1);
	}
}

static inline void wait_turn(struct lane *l, unsigned me)
{
	for (int i = 0; i < SPIN; i++) {
		if (atomic_load_explicit(&l->turn, memory_order_acquire) == me)
			return;
		cpu_relax();
	}
	wait_turn_sleep(l, me);
}

static inline void hand_turn(struct lane *l, unsigned to)
{
	atomic_store(&l->turn, to);
	if (__builtin_expect(atomic_load(&l->sleepers) != 0, 0))
		futex_wake(&l->turn);
}

/* Whether stdout holds output not written yet: __fpending() without the
 * call, for glibc's byte-oriented streams (the case of every C program
 * that does not use wide output). */
static inline int stdout_pending(void)
{
#ifdef __GLIBC__
	FILE *f = stdout;

	if (__builtin_expect(f->_mode <= 0, 1))
		return f->_IO_write_ptr > f->_IO_write_base;
	return __fpending(f) != 0;
#else
	return __fpending(stdout) != 0;
#endif
}

/* After a call is served: the inline check. */
static inline void flush_stdout(void)
{
	if (stdout_pending())
		fflush(stdout);
}

/* Before a call leaves the process: through __fpending(). Measured
 * (bench/ept-gate): as fast as the inline check for a bare call, and a call
 * that has just copied a 4 KiB buffer to the bounce area takes about 40 ns
 * less than with it (the inline check's code takes that long longer there
 * to hand the turn over, for reasons not found). */
static void flush_stdout_before_call(void)
{
	if (__fpending(stdout))
		fflush(stdout);
}

/* Asks compartment @p to's spawner for a partner on the calling thread's
 * lane, once. */
static __attribute__((noinline)) void need_partner_slow(struct lane *l,
							unsigned to)
{
	uint64_t bit = (uint64_t)1 << to;
	struct comp_ctl *c;

	if (atomic_fetch_or(&l->requested, bit) & bit)
		return;
	c = &C->comps[to];
	atomic_fetch_or(&c->pending[tl_idx / 64], (uint64_t)1 << (tl_idx % 64));
	bump(&c->seq, &c->sleepers);
}

static inline void need_partner(struct lane *l, unsigned to)
{
	/* The owner's compartment has the owner. */
	if (__builtin_expect(atomic_load_explicit(&l->requested,
						  memory_order_relaxed) &
				     ((uint64_t)1 << to),
			     1) ||
	    atomic_load_explicit(&l->owner, memory_order_relaxed) ==
		    (int32_t)to)
		return;
	need_partner_slow(l, to);
}

static __attribute__((noinline, noreturn)) void bad_entry(unsigned fn,
							  unsigned to)
{
	if (fn >= __flexcc_ept_nr_entries || !__flexcc_ept_entries[fn].serve)
		fault("bad entry point index %u (the image has %u)", fn,
		      __flexcc_ept_nr_entries);
	fault("entry point %u (%s) belongs to compartment '%s', not to "
	      "'%s'",
	      fn, __flexcc_ept_entries[fn].name,
	      comp_name(__flexcc_ept_entries[fn].compartment), comp_name(to));
}

static inline const struct flexcc_ept_entry *entry(unsigned fn, unsigned to)
{
	const struct flexcc_ept_entry *e = &__flexcc_ept_entries[fn];

	if (__builtin_expect(fn >= __flexcc_ept_nr_entries || !e->serve ||
				     e->compartment != to,
			     0))
		bad_entry(fn, to);
	return e;
}

static __attribute__((noinline, noreturn)) void bad_top(void)
{
	fault("compartment '%s' was handed a call that is not its own",
	      comp_name(self));
}

/*
 * Serves the call on top of @p l, addressed to this compartment, and hands
 * the turn back to the caller. Its stores to the lane come together just
 * before the turn's.
 */
static inline void serve_top(struct lane *l)
{
	unsigned d = atomic_load_explicit(&l->depth, memory_order_relaxed);
	int *err = tl_err;
	struct frame *f;
	unsigned from;
	int e_out;

	if (__builtin_expect(d == 0, 0))
		fault("compartment '%s' was handed a lane with no call on it",
		      comp_name(self));
	f = frame_at(l, d - 1);
	if (__builtin_expect(f->state != F_CALL || f->to != self, 0))
		bad_top();
	const struct flexcc_ept_entry *e = entry(f->fn, self);

	from = f->from;
	*err = f->err;
	/* Served in place: an argument area of at most INLINE_BYTES needs no
	 * more alignment than inl has (a type's size is a multiple of its
	 * alignment), and only a call at depth 0 uses inl, so the calls this
	 * one makes in turn leave it alone. */
	e->serve(carried_inline(e, d - 1) ? (void *)l->inl
					  : my_slot(d - 1));
	e_out = *err;
	flush_stdout();
	f->err = e_out;
	f->state = F_DONE;
	hand_turn(l, from);
}

static __attribute__((noinline)) void serve_nested(struct lane *l)
{
	serve_top(l);
}

void *flexcc_ept_slot(void)
{
	struct lane *l = my_lane();
	unsigned d = atomic_load_explicit(&l->depth, memory_order_relaxed);

	if (__builtin_expect(d >= MAX_DEPTH, 0))
		fault("gate calls nested deeper than %d on one thread",
		      MAX_DEPTH);
	return my_slot(d);
}

static __attribute__((noinline, noreturn)) void bad_call(unsigned to,
							 unsigned d)
{
	if (to >= nr_comps)
		fault("gate call to compartment %u (the image has %u)", to,
		      nr_comps);
	fault("gate calls nested deeper than %d on one thread", MAX_DEPTH);
	(void)d;
}

static __attribute__((noinline, noreturn)) void undone(
	const struct flexcc_ept_entry *e)
{
	fault("the call to %s() came back undone", e->name);
}

/* A callback from its own compartment (or a gate before the launch): a
 * plain call, with a frame of its own so that the slot stays reserved. */
static __attribute__((noinline)) long call_local(struct lane *l, unsigned d,
						  const struct flexcc_ept_entry *e)
{
	struct frame *f = frame_at(l, d);

	f->state = F_LOCAL;
	atomic_store_explicit(&l->depth, d + 1, memory_order_relaxed);
	e->serve(my_slot(d));
	atomic_store_explicit(&l->depth, d, memory_order_relaxed);
	return 0;
}

long flexcc_ept_call(unsigned to, unsigned fn_index)
{
	struct lane *l = my_lane();
	unsigned d = atomic_load_explicit(&l->depth, memory_order_relaxed);
	const struct flexcc_ept_entry *e;
	struct frame *f;
	unsigned me = self;
	int *err = tl_err;
	int e_in = *err;
	int inl;

	if (__builtin_expect(to >= nr_comps || d >= MAX_DEPTH, 0))
		bad_call(to, d);
	e = entry(fn_index, to);
	f = frame_at(l, d);
	f->fn = fn_index;
	f->from = me;
	f->to = to;
	if (__builtin_expect(!launched || to == me, 0))
		return call_local(l, d, e);
	/* Everything but the lane first, then the lane's line in one go. */
	need_partner(l, to);
	flush_stdout_before_call();
	inl = carried_inline(e, d);
	if (inl)
		memcpy(l->inl, my_slot(0), INLINE_BYTES);
	f->state = F_CALL;
	f->err = e_in;
	atomic_store_explicit(&l->depth, d + 1, memory_order_relaxed);
	hand_turn(l, to);
	for (;;) {
		unsigned now;

		wait_turn(l, me);
		now = atomic_load_explicit(&l->depth, memory_order_relaxed);
		if (__builtin_expect(now == d + 1, 1))
			break;
		serve_nested(l); /* a nested call or a callback into us */
	}
	if (__builtin_expect(f->state != F_DONE, 0))
		undone(e);
	atomic_store_explicit(&l->depth, d, memory_order_relaxed);
	if (inl)
		memcpy(my_slot(0), l->inl, INLINE_BYTES);
	*err = f->err;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Partners and spawners                                                  */
/* ---------------------------------------------------------------------- */

static void *partner_main(void *arg)
{
	unsigned idx = (unsigned)(uintptr_t)arg;
	struct lane *l = &C->lanes[idx];

	tl_lane = l;
	tl_idx = idx;
	tl_err = &errno;
	tl_slot0 = slot_of(idx, 0);
	for (;;) {
		wait_turn(l, self);
		serve_top(l);
	}
	return NULL;
}

/* A runtime thread; in the parent, with every asynchronous signal blocked,
 * so that the image's signals go to its own threads. */
static int start_thread(void *(*fn)(void *), void *arg, int dss, size_t stack)
{
	pthread_attr_t a;
	pthread_t t;
	sigset_t all, old;
	int err;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (stack)
		pthread_attr_setstacksize(&a, stack);
	if (is_parent) {
		sigfillset(&all);
		sigdelset(&all, SIGSEGV);
		sigdelset(&all, SIGBUS);
		sigdelset(&all, SIGILL);
		sigdelset(&all, SIGFPE);
		sigdelset(&all, SIGSYS); /* a forbidden system call's trap */
		pthread_sigmask(SIG_BLOCK, &all, &old);
	}
	if (dss && flexcc_pthread_create)
		err = flexcc_pthread_create(&t, &a, fn, arg);
	else
		err = pthread_create(&t, &a, fn, arg);
	if (is_parent)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&a);
	return err;
}

static void *spawner_main(void *arg)
{
	struct comp_ctl *c = &C->comps[self];

	(void)arg;
	for (;;) {
		uint32_t s = atomic_load(&c->seq);
		int any = 0;

		for (unsigned w = 0; w < MAX_LANES / 64; w++) {
			uint64_t bits = atomic_exchange(&c->pending[w], 0);

			while (bits) {
				unsigned b = (unsigned)__builtin_ctzll(bits);
				unsigned idx = w * 64 + b;
				int err;

				bits &= bits - 1;
				any = 1;
				err = start_thread(partner_main,
						   (void *)(uintptr_t)idx, 1, 0);
				if (err)
					fault("compartment '%s' cannot start a "
					      "server thread: %s",
					      comp_name(self), strerror(err));
			}
		}
		if (!any) {
			atomic_fetch_add(&c->sleepers, 1);
			futex_wait(&c->seq, s);
			atomic_fetch_sub(&c->sleepers, 1);
		}
	}
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* Failure: the parent's reapers                                          */
/* ---------------------------------------------------------------------- */

/* The innermost call in progress into compartment @p c: 1 and its frame in
 * @p out, or 0. */
static int call_into(unsigned c, struct frame *out)
{
	unsigned n = atomic_load(&C->nr_lanes);

	for (unsigned i = 0; i < n && i < MAX_LANES; i++) {
		struct lane *l = &C->lanes[i];
		unsigned d = atomic_load(&l->depth);

		if (d > MAX_DEPTH)
			d = MAX_DEPTH;
		while (d-- > 0) {
			struct frame f = *frame_at(l, d);

			if (f.state == F_CALL && f.to == c &&
			    f.fn < __flexcc_ept_nr_entries) {
				*out = f;
				return 1;
			}
		}
	}
	return 0;
}

static void *reaper_main(void *arg)
{
	unsigned c = (unsigned)(uintptr_t)arg;
	pid_t pid = atomic_load(&C->comps[c].pid);
	int st, status;
	char buf[16];
	struct frame f;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return NULL; /* SIGCHLD ignored by the image: no status */
	}
	atomic_store(&C->comps[c].dead, 1);
	for (unsigned i = 0; i < MAX_LANES; i++)
		if (atomic_load(&C->lanes[i].sleepers))
			futex_wake(&C->lanes[i].turn);
	if (atomic_exchange(&C->exiting, 1))
		return NULL; /* the image is being ended already */
	if (WIFEXITED(st)) {
		/* Its code called exit(): so does the image. */
		status = WEXITSTATUS(st);
	} else {
		int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;

		if (call_into(c, &f))
			flexcc_report("compartment '%s' died (signal %s) during a call to "
			    "%s() from compartment '%s'",
			    comp_name(c), sig_name(sig, buf, sizeof(buf)),
			    __flexcc_ept_entries[f.fn].name, comp_name(f.from));
		else
			flexcc_report("compartment '%s' died (signal %s) while no call "
			    "to it was in progress",
			    comp_name(c), sig_name(sig, buf, sizeof(buf)));
		status = 128 + sig;
	}
	kill_children();
	_exit(status);
}

/* ---------------------------------------------------------------------- */
/* System call allowlists (seccomp)                                       */
/* ---------------------------------------------------------------------- */

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a seccomp trap (asm-generic/siginfo.h) */
#endif
#define SYS_NAMES 640 /* native system call numbers named in reports */

/* Generated only when a compartment has a 'syscalls:' list; libseccomp is
 * linked (-lseccomp) only then. Both are weak: absent, null. */
extern const char *const *const __flexcc_ept_syscalls[] __attribute__((weak));
#pragma weak seccomp_init
#pragma weak seccomp_attr_set
#pragma weak seccomp_rule_add_array
#pragma weak seccomp_load
#pragma weak seccomp_release
#pragma weak seccomp_arch_native
#pragma weak seccomp_syscall_resolve_name
#pragma weak seccomp_syscall_resolve_num_arch

/*
 * What the runtime itself, and libc under it, needs in a compartment's
 * process: allowed in every restricted compartment on top of its list.
 * Together with the conditional rules of sys_install(), this is the one
 * place that lists them:
 *
 *   futex                            lanes and spawners wait and wake
 *   mmap munmap mprotect madvise     the heaps, malloc, thread stacks
 *   mremap brk
 *   clone clone3 set_robust_list     partner threads (pthread_create)
 *   rseq rt_sigprocmask
 *   exit exit_group                  a thread's and the process's end
 *   rt_sigreturn restart_syscall     signal handlers, restarted calls
 *   sched_yield getpid gettid pause  fault paths (pause: a second fault
 *                                    waits for the first to end the image)
 *   fstat                            stdio sizing a stream's buffer
 *
 * and, in sys_install(), with their arguments checked: write to fd 2
 * (reports), newfstatat with AT_EMPTY_PATH (glibc's fstat(); a path given
 * with that flag is still looked up: a file's metadata, not its contents,
 * stays readable), ioctl TCGETS (stdio's isatty() on a terminal), tgkill on
 * the process itself (raise(), abort()), rt_sigaction on any signal but
 * SIGSYS (glibc's first pthread_create() in a process sets its own signals'
 * handlers; SIGSYS stays the runtime's, so traps are always reported and
 * the trapped call is never made anyway); in the default compartment's
 * process also wait4 and kill on the compartments' pids (the reapers,
 * ending the image).
 */
static const char *const runtime_syscalls[] = {
	"futex",	   "mmap",	"munmap",      "mprotect",
	"madvise",	   "mremap",	"brk",	       "clone",
	"clone3",	   "set_robust_list", "rseq", "rt_sigprocmask",
	"exit",		   "exit_group", "rt_sigreturn", "restart_syscall",
	"sched_yield",	   "getpid",	"gettid",      "pause",
	"fstat",
};

static int *sys_allowed[MAX_COMPS]; /* resolved lists; null: unrestricted */
static unsigned sys_nr_allowed[MAX_COMPS];
static char *sys_names[SYS_NAMES];  /* native numbers' names, for reports */
static uint32_t sys_arch;
static _Atomic uint32_t sys_never; /* a futex word nobody wakes */

/* The innermost call in progress into this compartment on the calling
 * thread's lane: 1 and its frame in @p out, or 0. */
static int current_call(struct frame *out)
{
	struct lane *l = tl_lane;
	unsigned d;

	if (!l || !launched)
		return 0;
	d = atomic_load(&l->depth);
	if (d > MAX_DEPTH)
		d = MAX_DEPTH;
	while (d-- > 0) {
		struct frame f = *frame_at(l, d);

		if (f.state == F_CALL && f.to == self &&
		    f.fn < __flexcc_ept_nr_entries) {
			*out = f;
			return 1;
		}
	}
	return 0;
}

/* A trapped system call: reports it and ends the image (FAULT_STATUS). */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char num[64];
	const char *name = NULL;
	struct frame f;
	int nr = si->si_syscall;

	(void)uc;
	if (si->si_code != SYS_SECCOMP) {
		/* Sent, not trapped: what SIGSYS would have done. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (is_parent && launched && atomic_exchange(&C->exiting, 1)) {
		/* Someone else is ending the image. */
		for (;;)
			futex_wait(&sys_never, 0);
	}
	if (si->si_arch == sys_arch && nr >= 0 && nr < SYS_NAMES)
		name = sys_names[nr];
	if (!name) {
		snprintf(num, sizeof(num), "number %d (architecture 0x%x)", nr,
			 (unsigned)si->si_arch);
		name = num;
	}
	if (current_call(&f))
		flexcc_report("compartment '%s' made a forbidden system call: %s (not in "
		    "its syscalls list), during a call to %s() from compartment "
		    "'%s'",
		    comp_name(self), name, __flexcc_ept_entries[f.fn].name,
		    comp_name(f.from));
	else
		flexcc_report("compartment '%s' made a forbidden system call: %s (not in "
		    "its syscalls list)",
		    comp_name(self), name);
	if (is_parent && launched)
		kill_children();
	/* A child's reaper ends the image with this status, silently. */
	_exit(FAULT_STATUS);
}

/* Resolves every compartment's list, before any fork: an unknown name is a
 * start-up error. */
static void sys_prepare(void)
{
	const char *const *const *tab = __flexcc_ept_syscalls;
	int any = 0;

	if (!tab)
		return;
	for (unsigned c = 0; c < nr_comps; c++) {
		const char *const *list = tab[c];
		unsigned n = 0;

		if (!list || !list[0])
			continue;
		if (!seccomp_init || !seccomp_attr_set || !seccomp_rule_add_array ||
		    !seccomp_load || !seccomp_release || !seccomp_arch_native ||
		    !seccomp_syscall_resolve_name ||
		    !seccomp_syscall_resolve_num_arch)
			fault("compartment '%s' has a syscalls list, but the "
			      "image was linked without libseccomp (link it "
			      "with -lseccomp)",
			      comp_name(c));
		while (list[n])
			n++;
		sys_allowed[c] = calloc(n, sizeof(int));
		if (!sys_allowed[c])
			fault("out of memory");
		for (unsigned i = 0; i < n; i++) {
			int nr = seccomp_syscall_resolve_name(list[i]);

			if (nr == __NR_SCMP_ERROR)
				fault("compartment '%s' lists an unknown system "
				      "call in its syscalls: '%s'",
				      comp_name(c), list[i]);
			sys_allowed[c][i] = nr;
		}
		sys_nr_allowed[c] = n;
		any = 1;
	}
	if (!any)
		return;
	sys_arch = seccomp_arch_native();
	for (int nr = 0; nr < SYS_NAMES; nr++)
		sys_names[nr] = seccomp_syscall_resolve_num_arch(sys_arch, nr);
}

/* Argument @p arg compared with @p op to @p x (and @p y). */
static struct scmp_arg_cmp arg_cmp(unsigned arg, enum scmp_compare op,
				   uint64_t x, uint64_t y)
{
	struct scmp_arg_cmp a;

	memset(&a, 0, sizeof(a));
	a.arg = arg;
	a.op = op;
	a.datum_a = x;
	a.datum_b = y;
	return a;
}

static int listed(unsigned c, int nr)
{
	for (unsigned i = 0; i < sys_nr_allowed[c]; i++)
		if (sys_allowed[c][i] == nr)
			return 1;
	return 0;
}

/* Adds the rule allowing @p name (with its argument checks), unless the
 * compartment lists it (then it is allowed with any arguments). */
static void sys_allow(scmp_filter_ctx f, unsigned c, const char *name,
		      unsigned nargs, const struct scmp_arg_cmp *args)
{
	int nr = seccomp_syscall_resolve_name(name);
	int rc;

	if (nr == __NR_SCMP_ERROR || (nargs && listed(c, nr)))
		return; /* not on this architecture, or allowed already */
	rc = seccomp_rule_add_array(f, SCMP_ACT_ALLOW, nr, nargs, args);
	if (rc < 0 && rc != -EEXIST)
		fault("compartment '%s': cannot allow system call '%s': %s",
		      comp_name(c), name, strerror(-rc));
}

/* Confines this process, compartment @p c's, to its list; nothing if it
 * has none. */
static void sys_install(unsigned c)
{
	scmp_filter_ctx f;
	struct sigaction sa;
	struct scmp_arg_cmp a;
	int rc;

	if (!sys_allowed[c])
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) != 0)
		fault("cannot install the SIGSYS handler: %s", strerror(errno));
	f = seccomp_init(SCMP_ACT_TRAP);
	if (!f)
		fault("compartment '%s': cannot make a seccomp filter",
		      comp_name(c));
	if (seccomp_attr_set(f, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP) ||
	    seccomp_attr_set(f, SCMP_FLTATR_CTL_TSYNC, 1))
		fault("compartment '%s': cannot set up a seccomp filter",
		      comp_name(c));
	for (unsigned i = 0; i < sys_nr_allowed[c]; i++) {
		rc = seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
					    sys_allowed[c][i], 0, NULL);
		if (rc < 0 && rc != -EEXIST)
			fault("compartment '%s': cannot allow system call "
			      "'%s': %s",
			      comp_name(c), __flexcc_ept_syscalls[c][i],
			      strerror(-rc));
	}
	for (size_t i = 0;
	     i < sizeof(runtime_syscalls) / sizeof(runtime_syscalls[0]); i++)
		sys_allow(f, c, runtime_syscalls[i], 0, NULL);
	a = arg_cmp(0, SCMP_CMP_EQ, STDERR_FILENO, 0);
	sys_allow(f, c, "write", 1, &a);
	a = arg_cmp(3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH);
	sys_allow(f, c, "newfstatat", 1, &a);
	a = arg_cmp(1, SCMP_CMP_EQ, TCGETS, 0);
	sys_allow(f, c, "ioctl", 1, &a);
	a = arg_cmp(0, SCMP_CMP_EQ, (uint64_t)getpid(), 0);
	sys_allow(f, c, "tgkill", 1, &a);
	a = arg_cmp(0, SCMP_CMP_NE, SIGSYS, 0);
	sys_allow(f, c, "rt_sigaction", 1, &a);
	if (is_parent && launched) {
		for (unsigned j = 0; j < nr_comps; j++) {
			pid_t pid = atomic_load(&C->comps[j].pid);

			if (j == default_comp || pid <= 0)
				continue;
			a = arg_cmp(0, SCMP_CMP_EQ, (uint64_t)pid, 0);
			sys_allow(f, c, "wait4", 1, &a);
			sys_allow(f, c, "kill", 1, &a);
		}
	}
	rc = seccomp_load(f);
	seccomp_release(f);
	if (rc < 0)
		fault("compartment '%s': cannot load its seccomp filter: %s",
		      comp_name(c), strerror(-rc));
}

/* ---------------------------------------------------------------------- */
/* The launcher                                                           */
/* ---------------------------------------------------------------------- */

/* [start, end) becomes a MAP_SHARED mapping with the same contents and
 * protection @p prot. */
static void share_range(char *start, char *end, int prot, const char *what)
{
	size_t len = (size_t)(end - start);
	void *q;

	if (start >= end)
		return;
	q = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (q == MAP_FAILED)
		fault("cannot map a copy of %s: %s", what, strerror(errno));
	memcpy(q, start, len);
	if (prot != (PROT_READ | PROT_WRITE))
		mprotect(q, len, prot);
	if (mremap(q, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, start) ==
	    MAP_FAILED)
		fault("cannot share %s at %p: %s", what, (void *)start,
		      strerror(errno));
}

static void drop_range(void *start, size_t len, const char *what,
		       unsigned owner)
{
	if (!len)
		return;
	if (mmap(start, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
		 0) == MAP_FAILED)
		fault("cannot remove compartment '%s''s %s from compartment "
		      "'%s': %s",
		      comp_name(owner), what, comp_name(self), strerror(errno));
}

/* Removes every other compartment's code, private data and heap from this
 * process. */
static void drop_others(void)
{
	for (unsigned j = 0; j < nr_comps; j++) {
		const struct flexcc_data_ranges *r =
			&__flexcc_compartments[j].ranges;
		void *hs;
		size_t hl;

		if (j == self)
			continue;
		drop_range(__flexcc_compartments[j].text.start,
			   (size_t)(__flexcc_compartments[j].text.end -
				    __flexcc_compartments[j].text.start),
			   "code", j);
		drop_range(r->rodata.start,
			   (size_t)(r->rodata.end - r->rodata.start),
			   "read-only data", j);
		drop_range(r->data.start, (size_t)(r->data.end - r->data.start),
			   "data", j);
		drop_range(r->bss.start, (size_t)(r->bss.end - r->bss.start),
			   "zero-initialised data", j);
		if (flexcc_heap_range((int)j, &hs, &hl) == 0) {
			heap_ranges[j].start = hs;
			heap_ranges[j].end = (char *)hs + hl;
			drop_range(hs, hl, "heap", j);
		}
	}
}

static int in_range(const struct flexcc_range *r, const char *p)
{
	return p >= r->start && p < r->end;
}

/* The compartment, other than this one, whose private memory holds @p p;
 * -1 if none. */
static int owner_of(const char *p)
{
	for (unsigned j = 0; j < nr_comps; j++) {
		const struct flexcc_data_ranges *r =
			&__flexcc_compartments[j].ranges;

		if (j == self)
			continue;
		if (in_range(&__flexcc_compartments[j].text, p) ||
		    (j == default_comp && (in_range(&main_frames[0], p) ||
					   in_range(&main_frames[1], p))) ||
		    in_range(&r->rodata, p) || in_range(&r->data, p) ||
		    in_range(&r->bss, p) || in_range(&heap_ranges[j], p))
			return (int)j;
	}
	return -1;
}

/* A fault on another compartment's memory: says so, then dies of the
 * signal as it would have (SA_RESETHAND; the parent reports a child's
 * death and the call it was serving). */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	int owner = owner_of(si->si_addr);

	(void)uc;
	if (owner >= 0)
		flexcc_report("compartment '%s' accessed the private memory of compartment "
		    "'%s' at %p",
		    comp_name(self), comp_name((unsigned)owner), si->si_addr);
	(void)sig;
}

static void install_fault_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

static ucontext_t child_ctx;

/* A child's main thread, on a stack of its own: the frames of the main
 * stack (the default compartment's: main's locals live there in the
 * parent) are replaced by inaccessible memory, so that a pointer to main's
 * stack faults here instead of reading the copy made at the fork. The top
 * of the stack (argv, the environment, the auxiliary vector) stays: libc's
 * getenv() reads it. */
static void child_on_own_stack(void)
{
	char *top = (char *)((uintptr_t)__libc_stack_end & ~(uintptr_t)4095);
	void *low, *high, *rs;
	size_t rl;

	if (flexcc_dss_process_stack &&
	    flexcc_dss_process_stack(&low, &high) == 0 && top > (char *)low) {
		drop_range(low, (size_t)(top - (char *)low), "stack",
			   default_comp);
		main_frames[0].start = low;
		main_frames[0].end = top;
	}
	/* Or the stack main runs on when the process's own had no room for a
	 * shadow (runtime/src/dss.c); its shadow stays shared. */
	if (flexcc_dss_main_runtime_stack &&
	    flexcc_dss_main_runtime_stack(&rs, &rl) == 0) {
		drop_range(rs, rl, "stack", default_comp);
		main_frames[1].start = rs;
		main_frames[1].end = (char *)rs + rl;
	}
	install_fault_handler();
	sys_install(self);
	/* The main thread is the spawner: it never runs compartment code, so
	 * the main stack's shadow (shared with the parent) stays the
	 * parent's. */
	spawner_main(NULL);
	_exit(0);
}

static void child_main(unsigned c)
{
	const size_t size = 256 << 10;
	void *stack;

	is_parent = 0;
	self = c;
	tl_lane = NULL; /* the parent's main thread may have had one */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent_pid)
		_exit(0);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	drop_others();
	/* Off the main stack, whose frames are taken away next. */
	stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED || getcontext(&child_ctx) != 0)
		fault("cannot give compartment '%s' a stack of its own",
		      comp_name(c));
	child_ctx.uc_stack.ss_sp = stack;
	child_ctx.uc_stack.ss_size = size;
	child_ctx.uc_link = NULL;
	makecontext(&child_ctx, child_on_own_stack, 0);
	setcontext(&child_ctx);
	_exit(0);
}

static void heaps_init(void)
{
	int rc;

	for (size_t rs = FLEXCC_HEAP_DEFAULT_REGION_SIZE;; rs /= 2) {
		rc = flexcc_heap_init(nr_comps, rs);
		if (rc == 0 || rc == -EEXIST)
			break;
		if (rc != -ENOMEM || rs <= ((size_t)16 << 20))
			fault("cannot reserve the heaps: %s", strerror(-rc));
	}
	rc = flexcc_heap_share_shared();
	if (rc)
		fault("cannot share the shared heap across compartments: %s",
		      strerror(-rc));
}

/* The main thread's data shadow stack, under sharing dss: shared, so that
 * a shared local of main's passed through a gate is the same memory in the
 * callee's process. */
static void share_main_shadow(void)
{
	void *start;
	size_t len;
	char here;
	int rc;

	if (!flexcc_dss_prepare_main || !flexcc_dss_stack_of)
		return;
	/* main runs on a stack of the runtime's, made now with a shared
	 * shadow, before the processes fork: its frames are then not on the
	 * process's stack, whose top (argv, the environment) the other
	 * compartments keep, and child_on_own_stack removes them all. The
	 * driver wraps main in every ept image; -ENOSYS: it was not. */
	rc = flexcc_dss_prepare_main(1, 1);
	if (rc == -ENOSYS)
		return;
	if (rc != 0)
		fault("cannot make main's stack and its shared shadow");
	if (flexcc_dss_main_runtime_stack &&
	    flexcc_dss_main_runtime_stack(&start, &len) == 0)
		return; /* its shadow is shared already */
	if (flexcc_dss_stack_of(&here, &start, &len) != 0)
		return;
	share_range((char *)start + FLEXCC_DSS_OFFSET,
		    (char *)start + FLEXCC_DSS_OFFSET + len,
		    PROT_READ | PROT_WRITE, "the main thread's shadow stack");
}

__attribute__((constructor)) static void flexcc_ept_launch(void)
{
	const struct flexcc_data_ranges *s = &__flexcc_shared;

	pthread_once(&region_once, map_region);
	if (nr_comps > MAX_COMPS || nr_comps > FLEXCC_HEAP_MAX_COMPARTMENTS)
		fault("the image has %u compartments; at most %d are supported",
		      nr_comps, MAX_COMPS);
	if (pthread_key_create(&lane_key, release_lane) == 0)
		lane_key_ok = 1;
	sys_prepare();
	if (nr_comps < 2) {
		/* The dss runtime's look at /proc/self/maps, before the filter
		 * (with several compartments, share_main_shadow() does it). */
		if (sys_allowed[default_comp] && flexcc_dss_prepare_main)
			(void)flexcc_dss_prepare_main(0, 0);
		sys_install(default_comp);
		return;
	}
	heaps_init();
	share_range(s->rodata.start, s->rodata.end, PROT_READ,
		    "the shared read-only data");
	share_range(s->data.start, s->data.end, PROT_READ | PROT_WRITE,
		    "the shared data");
	share_range(s->bss.start, s->bss.end, PROT_READ | PROT_WRITE,
		    "the shared zero-initialised data");
	share_main_shadow();

	fflush(NULL);
	parent_pid = getpid();
	launched = 1;
	for (unsigned c = 0; c < nr_comps; c++) {
		pid_t pid;

		if (c == default_comp)
			continue;
		pid = fork();
		if (pid < 0)
			fault("cannot start compartment '%s': %s", comp_name(c),
			      strerror(errno));
		if (pid == 0)
			child_main(c);
		atomic_store(&C->comps[c].pid, pid);
	}
	drop_others();
	install_fault_handler();
	for (unsigned c = 0; c < nr_comps; c++) {
		if (c != default_comp &&
		    start_thread(reaper_main, (void *)(uintptr_t)c, 0, 256 << 10))
			fault("cannot start a reaper thread");
	}
	if (start_thread(spawner_main, NULL, 0, 256 << 10))
		fault("cannot start the spawner thread");
	sys_install(default_comp);
}
