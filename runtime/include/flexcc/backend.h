/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flexcc/backend.h - the backend entry points that generated stubs call.
 *
 * FOR BACKEND IMPLEMENTERS ONLY. Application code never includes this header:
 * it writes gates with flexos.h, and flexcc lowers each gate that crosses a
 * compartment boundary into a call to a stub generated in <image>.flexcc.c.
 * That generated file includes this header, and nothing else, so every name
 * it uses is declared here. Each mechanism's runtime (backends/<mechanism>/)
 * defines the functions declared for it.
 *
 * The generated file defines, for every image:
 *
 *  - FLEXCC_COMP_<compartment>: each compartment's index (its position in
 *    the configuration), and FLEXCC_NR_COMPARTMENTS;
 *  - under ept, the table of entry points __flexcc_ept_entries (below).
 *
 * It also defines a callback stub for every function marked
 * __flexos_callback whose address escapes (DESIGN.md section 5): a function
 * with the callback's prototype, named __flexcc_cb__<f> (or, for a static
 * callback, __flexcc_cb__<tag>__<f>), that the rewritten sources use wherever
 * the address is taken, so that an indirect call from any compartment enters
 * the callback's home compartment. Under mpk a callback stub reads PKRU to
 * learn the caller's compartment; under ept it calls the same entry points
 * as gate stubs (what differs is stated at flexcc_ept_call()).
 *
 * The header declares no libc function, so that the generated file can
 * declare the gates' callees (which may share a name with a libc function)
 * with their ABI-canonical prototypes.
 */
#ifndef __FLEXCC_BACKEND_H__
#define __FLEXCC_BACKEND_H__

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Every isolating mechanism: the compartments and their data             */
/* ---------------------------------------------------------------------- */

/** A range of memory, [start, end); page-aligned when it bounds data. */
struct flexcc_range {
	char *start;
	char *end;
};

/** Where a compartment's (or the shared) data lies: each kind has its own
 *  page-aligned range (DESIGN.md section 6). */
struct flexcc_data_ranges {
	struct flexcc_range rodata; /**< read-only data and literals */
	struct flexcc_range data;   /**< initialised data */
	struct flexcc_range bss;    /**< zero-initialised data */
};

/** A compartment of the image, as the generated file describes it. */
struct flexcc_compartment {
	/** Its name in the configuration. */
	const char *name;
	/** FLEXCC_COMP_<name>: its position in the configuration (its key). */
	unsigned int index;
	/** Non-zero for the default compartment (the trusted one). */
	unsigned int is_default;
	/** Its private data. */
	struct flexcc_data_ranges ranges;
	/** Its code (page-aligned): the functions of its libraries' objects. */
	struct flexcc_range text;
};

/** The image's compartments, indexed by FLEXCC_COMP_<name>. Defined by the
 *  generated file under every isolating mechanism. */
extern const struct flexcc_compartment __flexcc_compartments[];
/** Number of elements of __flexcc_compartments. */
extern const unsigned __flexcc_nr_compartments;
/** The data every compartment may access. */
extern const struct flexcc_data_ranges __flexcc_shared;

/* ---------------------------------------------------------------------- */
/* Every isolating mechanism: copy sharing through the bounce buffer       */
/* ---------------------------------------------------------------------- */

/*
 * A pointer parameter annotated __flexos_in/out/inout(size) or
 * __flexos_string (DESIGN.md section 5) is passed to the callee as a copy in
 * the calling thread's bounce buffer: memory every compartment may access
 * (from the shared heap). The stub runs these functions in the caller's
 * compartment, before it enters the callee's and after it is back:
 *
 *	unsigned long __m = flexcc_bounce_mark();
 *	unsigned long __n1 = __a1 ? <size> : 0;
 *	void *__b1 = flexcc_bounce_in(__a1, __n1, &__site[0]);
 *	... enter, call the callee with __b1 for __a1, leave ...
 *	flexcc_bounce_back(__a1, __b1, __n1);    (out and inout only)
 *	flexcc_bounce_release(__m);
 *
 * The buffer is a stack: a gate made while another's copies are live (a
 * nested call, a callback) takes its copies above them. A copy that does not
 * fit is a fault that the runtime reports, naming the function and the
 * parameter, before it aborts the image.
 */

/** Bytes in each thread's bounce buffer: the most a thread's live copies may
 *  take together. Larger data belongs in shared memory
 *  (flexos_malloc_shared()). */
#define FLEXCC_BOUNCE_SIZE (1UL << 20)

/** What a fault report names: a copy-shared parameter of a stub. */
struct flexcc_copy_site {
	/** The callee's name. */
	const char *function;
	/** The parameter's position, from 1. */
	unsigned int param;
	/** The parameter's name in the declaration; may be "". */
	const char *name;
};

/** The calling thread's bounce-buffer position, for flexcc_bounce_release(). */
unsigned long flexcc_bounce_mark(void);

/**
 * A copy of the @p n bytes at @p p in the bounce buffer, 16-byte aligned
 * (__flexos_in, __flexos_inout). NULL if @p p is NULL; a valid, distinct
 * pointer for @p n == 0. Does not return if the copy does not fit: reports
 * the fault, naming @p site, and aborts.
 */
void *flexcc_bounce_in(const void *p, unsigned long n,
		       const struct flexcc_copy_site *site);

/** As flexcc_bounce_in(), for __flexos_out: @p n zero bytes, so that the
 *  callee sees none of the caller's data. */
void *flexcc_bounce_out(const void *p, unsigned long n,
			const struct flexcc_copy_site *site);

/** As flexcc_bounce_in(), for __flexos_string: the NUL-terminated string at
 *  @p s with its NUL. */
void *flexcc_bounce_string(const void *s, const struct flexcc_copy_site *site);

/** Copies @p n bytes from the copy @p b back to the caller's @p p (nothing
 *  when @p p is NULL). Does not change errno. */
void flexcc_bounce_back(void *p, const void *b, unsigned long n);

/** Frees every copy made since flexcc_bounce_mark() returned @p mark. */
void flexcc_bounce_release(unsigned long mark);

/* ---------------------------------------------------------------------- */
/* mpk: one address space, one protection key per compartment             */
/* ---------------------------------------------------------------------- */

/*
 * The generated file holds every gate as x86-64 assembly in the section
 * flexcc_mpk_gates (backends/mpk/MpkStubEmitter.cpp shows one). The gates and
 * the runtime (backends/mpk/runtime) agree on:
 *
 *  - keys: compartment i (FLEXCC_COMP_<name>) has protection key i + 2; key
 *    1 is the runtime's (the gate state below); key 0 is everything shared
 *    (the trusted base: libc, the runtime's code and data, shared sections,
 *    the shared heap, the data shadow stacks). Hence at most
 *    FLEXCC_MPK_MAX_COMPARTMENTS compartments;
 *  - PKRU values: FLEXCC_MPK_PKRU(i) in compartment i, and
 *    FLEXCC_MPK_PKRU_GATE(i) inside a gate of i, where the runtime's key is
 *    open (nothing outside the gates can read or write key 1);
 *  - the gate state: the thread-local pointer __flexcc_mpk_self, to this
 *    thread's struct flexcc_mpk_state (key 1) in the runtime's region at
 *    FLEXCC_MPK_STATE_BASE. A gate checks that the pointer lies there (the
 *    address's bits above 20 equal FLEXCC_MPK_STATE_BASE >> 20) and calls
 *    __flexcc_mpk_attach when it does not (a thread's first gate);
 *  - faults: a gate whose check fails jumps to __flexcc_mpk_gate_fault, a
 *    callback dispatcher that finds the thread in no compartment to
 *    __flexcc_mpk_callback_fault;
 *  - signal handlers: __flexcc_mpk_handler_tables[i] is compartment i's
 *    table of FLEXCC_MPK_NSIG handlers, in i's private data.
 */

/** Compartments an mpk image may have (keys 2 to 15). */
#define FLEXCC_MPK_MAX_COMPARTMENTS 14

/** Where the runtime keeps the threads' gate states (1 MiB, key 1). */
#define FLEXCC_MPK_STATE_BASE 0x6f0000000000UL

/** Slots of a compartment's signal handler table: signals 0 to 64. */
#define FLEXCC_MPK_NSIG 65

/** PKRU in compartment @p i: keys 0 and i + 2 open, every other key closed
 *  (access and write disabled), the runtime's key 1 included. */
#define FLEXCC_MPK_PKRU(i) (0xfffffffcu & ~(3u << (2 * (i) + 4)))

/** PKRU inside a gate of compartment @p i: key 1 open too. */
#define FLEXCC_MPK_PKRU_GATE(i) (0xfffffff0u & ~(3u << (2 * (i) + 4)))

/** A thread's gate state. sp[i] is the stack pointer at which a gate enters
 *  compartment i on this thread; the rest belongs to the runtime. */
struct flexcc_mpk_state {
	void *sp[FLEXCC_MPK_MAX_COMPARTMENTS];
};

/** Each compartment's signal handler table (defined by the generated file). */
extern void *const __flexcc_mpk_handler_tables[];

/* ---------------------------------------------------------------------- */
/* ept: one process per compartment, gates are RPC over shared memory      */
/* ---------------------------------------------------------------------- */

/**
 * Size in bytes of the argument area of an RPC slot. The generated client
 * stubs assert at compile time that their arguments and result fit.
 */
#define FLEXCC_EPT_SLOT_SIZE 4096

/**
 * Alignment in bytes that flexcc_ept_slot() guarantees for the area: enough
 * for any argument or result type.
 */
#define FLEXCC_EPT_SLOT_ALIGN 64

/**
 * An entry point that a compartment serves: the generated file has one for
 * each stub, in __flexcc_ept_entries.
 */
struct flexcc_ept_entry {
	/** Compartment that runs @p serve (FLEXCC_COMP_<name>). */
	unsigned int compartment;
	/** Name of the function called, for reports. */
	const char *name;
	/**
	 * Reads the arguments from @p slot, calls the function and stores its
	 * result in @p slot.
	 */
	void (*serve)(void *slot);
	/** Size of the argument area it reads and writes (arguments and
	 *  result): a runtime may carry a small one by another way than the
	 *  slot, as long as the client stub sees it in its slot; serve() may
	 *  then be handed any area of at least @p size bytes aligned to the
	 *  largest power of two not above @p size (a type's size is a multiple
	 *  of its alignment), e.g. in the runtime's own shared memory. */
	unsigned long size;
};

/**
 * The entry points of the image, indexed by the fn_index that
 * flexcc_ept_call() takes. Defined by the generated file.
 */
extern const struct flexcc_ept_entry __flexcc_ept_entries[];

/** Number of elements of __flexcc_ept_entries. Defined by the generated file. */
extern const unsigned __flexcc_ept_nr_entries;

/**
 * The system calls each compartment may make, indexed by
 * FLEXCC_COMP_<name>: a null-terminated list of names as the configuration's
 * 'syscalls:' gives them (e.g. "read"), or null for an unrestricted
 * compartment. The generated file defines it only when some compartment has
 * a list; the runtime references it weakly (absent: every compartment is
 * unrestricted), resolves the names with libseccomp at start-up and confines
 * each listed compartment's process with a seccomp filter.
 */
extern const char *const *const __flexcc_ept_syscalls[];

/**
 * Returns the argument area of the calling thread's RPC slot for its next
 * call: at least FLEXCC_EPT_SLOT_SIZE bytes of shared memory, aligned to
 * FLEXCC_EPT_SLOT_ALIGN, mapped at the same address in every compartment.
 * The area stays valid, and is not handed out again, until the matching
 * flexcc_ept_call() has returned: a call made while another is in progress
 * on the same thread (a nested call, or a callback served while the thread
 * waits) gets an area of its own.
 *
 * @return the area; never NULL (a thread that cannot get a slot is a fault
 *         the runtime reports before exiting the image)
 */
void *flexcc_ept_slot(void);

/**
 * Calls entry point @p fn_index in compartment @p to with the arguments that
 * the caller stored in the area flexcc_ept_slot() returned, and waits for it
 * to complete; the result is then in the same area. While it waits, the
 * thread serves calls made to its own compartment (nested calls, callbacks).
 * The server checks that __flexcc_ept_entries[fn_index] belongs to @p to.
 *
 * Callback stubs call it like gate stubs, with @p to the callback's home
 * compartment, but they run in whichever compartment called the callback
 * through its pointer, which may be @p to itself. Contract for the runtime:
 * when @p to is the calling thread's own compartment, flexcc_ept_call() runs
 * __flexcc_ept_entries[fn_index].serve on the slot directly, on the calling
 * thread, and returns 0 as for any completed call (no RPC, no wait).
 *
 * @param to       the callee's compartment, FLEXCC_COMP_<name>
 * @param fn_index index in __flexcc_ept_entries
 * @return 0 once the call has completed. Does not return if it cannot
 *         complete (the callee's compartment died, a bad index): the runtime
 *         wakes every waiting caller, reports the fault and exits the image;
 *         it never hangs.
 */
long flexcc_ept_call(unsigned to, unsigned fn_index);

#ifdef __cplusplus
}
#endif

#endif /* __FLEXCC_BACKEND_H__ */
