/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flexcc/heap.h - per-compartment private heaps and the shared heap.
 *
 * The runtime reserves, once, one contiguous page-aligned region of address
 * space per compartment (heap index 0..N-1) and one for the shared heap
 * (index FLEXCC_HEAP_SHARED). Each region is reserved PROT_NONE and committed
 * on demand, so memory use follows use. Allocator metadata lives outside the
 * regions: a region holds user blocks only, and a backend may protect a
 * region as a whole (flexcc_heap_range()).
 *
 * Every function here is thread-safe (one lock per heap) and async-signal-
 * unsafe, as malloc is. Freeing dispatches on the address, so any block
 * (from any heap, or from libc) may be freed through any free function.
 *
 * docs/runtime-heaps.md describes the design.
 */
#ifndef __FLEXCC_HEAP_H__
#define __FLEXCC_HEAP_H__

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The largest number of compartments (heaps 0..63). */
#define FLEXCC_HEAP_MAX_COMPARTMENTS 64
/** The heap index of the shared heap. Never a compartment's index. */
#define FLEXCC_HEAP_SHARED 64
/** Reserved address space per region when flexcc_heap_init() is given 0. */
#define FLEXCC_HEAP_DEFAULT_REGION_SIZE ((size_t)1 << 30)
/** Blocks are aligned to at least this much. */
#define FLEXCC_HEAP_MIN_ALIGN 16

/**
 * Reserve the regions: @p nr_compartments private heaps (1..64) and the
 * shared heap, each @p region_size bytes of address space (0: the default;
 * rounded up to 64 KiB; at least 256 KiB; at most 64 GiB).
 *
 * Idempotent: once initialised, a call returns 0 if its request is satisfied
 * by the existing set-up (no more compartments, and region_size 0 or the same
 * after rounding), and -EEXIST otherwise; nothing changes. Any allocation
 * before the first call initialises with 64 compartments and the default
 * size. Returns 0, or -EINVAL (bad argument), -ENOMEM (reservation failed).
 */
int flexcc_heap_init(unsigned nr_compartments, size_t region_size);

/**
 * Unmap every region and forget the set-up, so that flexcc_heap_init() may
 * be called again with other parameters. For tests and orderly tear-down
 * only: every block becomes invalid, and no other thread may be using the
 * heaps. Returns 0 (also when not initialised).
 */
int flexcc_heap_fini(void);

/**
 * The range of @p heap's region: page-aligned start and length; ranges of
 * different heaps are disjoint, separated by never-mapped guard gaps. Every
 * block of the heap lies inside it; nothing else does. Returns 0, or -EINVAL
 * for an index without a heap (initialises first if needed).
 */
int flexcc_heap_range(int heap, void **start, size_t *len);

/**
 * Make the shared heap shareable across processes (the ept backend calls it
 * once, before it forks a process per compartment): its region and its
 * allocator metadata become MAP_SHARED mappings at the same addresses, with
 * their contents (live blocks stay valid), and its descriptor and lock move
 * to shared memory (a PTHREAD_PROCESS_SHARED mutex). Every process forked
 * afterwards then allocates from, frees to and reads the same shared heap;
 * the compartment heaps stay private (copied by fork()). The region is then
 * accessible whole (no commit on demand); freed spans are given back with
 * MADV_REMOVE. Initialises the heaps first if needed.
 *
 * No other thread may be using the heaps during the call. Idempotent: 0 once
 * done (also on later calls), or -errno (nothing shared: -ENOMEM, or an
 * mmap/mremap failure). flexcc_heap_fini() undoes it.
 */
int flexcc_heap_share_shared(void);

/**
 * From now on, a freed large block keeps its pages: they are not given back
 * to the kernel (madvise). The mpk backend calls it: its seccomp filter lets
 * no compartment discard memory that has a protection key, as that would
 * zero another compartment's data. Thread-safe; cannot be undone.
 */
void flexcc_heap_keep_freed_pages(void);

/** The number of compartment heaps (0 before initialisation). */
unsigned flexcc_heap_count(void);

/**
 * The heap that owns the block (or any address) @p p: 0..N-1, or
 * FLEXCC_HEAP_SHARED; -1 if @p p lies in no region (NULL, libc blocks,
 * globals, stacks).
 */
int flexcc_heap_of(const void *p);

/**
 * malloc() from @p heap: at least @p n bytes, 16-byte aligned (page-aligned
 * when n > 2048), a unique block even for n == 0. NULL with errno ENOMEM when
 * the region is exhausted, EINVAL for a bad heap index.
 */
void *flexcc_heap_malloc(int heap, size_t n);

/** calloc() from @p heap: zeroed; NULL/ENOMEM if nmemb * size overflows. */
void *flexcc_heap_calloc(int heap, size_t nmemb, size_t size);

/**
 * realloc(). NULL @p p: flexcc_heap_malloc(heap, n). @p n == 0: frees @p p
 * and returns NULL (glibc's behaviour). Otherwise the block keeps its owner:
 * a block of heap h is resized in h (in place when possible: same size
 * class, shrinking, or growing into free pages that follow it), whatever
 * @p heap says; a block from libc is passed to libc's realloc(). On failure
 * returns NULL with errno ENOMEM and @p p is untouched.
 */
void *flexcc_heap_realloc(int heap, void *p, size_t n);

/**
 * free() of any block: finds its heap from the address. NULL is a no-op; a
 * pointer in no region goes to libc's free(). A pointer inside a region that
 * is not a live block (double free, interior pointer) aborts the process
 * with a message naming the heap and the address.
 */
void flexcc_heap_free(void *p);

/**
 * A block of at least @p n bytes aligned to @p align, which must be a power
 * of two (else NULL/EINVAL); alignments below 16 give 16.
 */
void *flexcc_heap_memalign(int heap, size_t align, size_t n);

/**
 * The usable size of a live block (>= the requested size); 0 for NULL;
 * libc's malloc_usable_size() for a block in no region.
 */
size_t flexcc_heap_usable_size(const void *p);

/** Counters of one heap, for tests and diagnostics. */
struct flexcc_heap_stats {
	size_t committed; /* bytes of the region made accessible so far */
	size_t in_use;    /* usable bytes of the live blocks */
	size_t blocks;    /* live blocks */
};

/** Fill @p st for @p heap. Returns 0 or -EINVAL. */
int flexcc_heap_get_stats(int heap, struct flexcc_heap_stats *st);

/* ---------------------------------------------------------------------- */
/* The shared heap (what flexos.h's shared-heap macros become)            */
/* ---------------------------------------------------------------------- */

/** flexcc_heap_malloc(FLEXCC_HEAP_SHARED, n). */
void *flexcc_shared_malloc(size_t n);
/** flexcc_heap_calloc(FLEXCC_HEAP_SHARED, nmemb, size). */
void *flexcc_shared_calloc(size_t nmemb, size_t size);
/** flexcc_heap_realloc(FLEXCC_HEAP_SHARED, p, n): NULL p allocates shared. */
void *flexcc_shared_realloc(void *p, size_t n);
/** flexcc_heap_memalign(FLEXCC_HEAP_SHARED, align, n). */
void *flexcc_shared_memalign(size_t align, size_t n);
/** @p pages whole pages (0 counts as 1), page-aligned; NULL/ENOMEM. */
void *flexcc_shared_palloc(size_t pages);
/** flexcc_heap_free(p). */
void flexcc_shared_free(void *p);
/** Free a block from flexcc_shared_palloc(); @p pages is not needed. */
void flexcc_shared_pfree(void *p, size_t pages);

/* ---------------------------------------------------------------------- */
/* Per-compartment malloc family                                          */
/* ---------------------------------------------------------------------- */

/*
 * flexcc redirects the malloc family called from compartment C's code to
 * these, C = 0..63. Each has the exact libc contract of its namesake:
 *
 *  malloc, calloc:  NULL/ENOMEM on failure; calloc checks nmemb * size.
 *  realloc:         as flexcc_heap_realloc(C, p, n) (n == 0 frees, NULL).
 *  free:            as flexcc_heap_free() (any block, dispatch by address).
 *  posix_memalign:  EINVAL unless align is a power of two multiple of
 *                   sizeof(void *); ENOMEM; *memptr set only on success;
 *                   errno untouched.
 *  aligned_alloc:   NULL/EINVAL unless align is a power of two; any size
 *                   (C17 / DR 460: size need not be a multiple of align).
 *  memalign:        a non-power-of-two align is rounded up to one (glibc).
 *  malloc_usable_size: as flexcc_heap_usable_size().
 *
 * They initialise the heaps on first use if needed. The runtime itself calls
 * libc's free/realloc/malloc_usable_size by name for blocks in no region, so
 * the redirection must not be applied to the runtime.
 */
#define FLEXCC_HEAP_ENTRY_DECLS(C)                                             \
	void *__flexcc_malloc_c##C(size_t n);                                  \
	void *__flexcc_calloc_c##C(size_t nmemb, size_t size);                 \
	void *__flexcc_realloc_c##C(void *p, size_t n);                        \
	void __flexcc_free_c##C(void *p);                                      \
	int __flexcc_posix_memalign_c##C(void **memptr, size_t align,          \
					 size_t n);                            \
	void *__flexcc_aligned_alloc_c##C(size_t align, size_t n);             \
	void *__flexcc_memalign_c##C(size_t align, size_t n);                  \
	size_t __flexcc_malloc_usable_size_c##C(void *p);

#define FLEXCC_HEAP_FOR_EACH_COMPARTMENT(X)                                    \
	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12)   \
	X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23)     \
	X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31) X(32) X(33) X(34)     \
	X(35) X(36) X(37) X(38) X(39) X(40) X(41) X(42) X(43) X(44) X(45)     \
	X(46) X(47) X(48) X(49) X(50) X(51) X(52) X(53) X(54) X(55) X(56)     \
	X(57) X(58) X(59) X(60) X(61) X(62) X(63)

FLEXCC_HEAP_FOR_EACH_COMPARTMENT(FLEXCC_HEAP_ENTRY_DECLS)

#ifdef __cplusplus
}
#endif

#endif /* __FLEXCC_HEAP_H__ */
