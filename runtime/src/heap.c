/* SPDX-License-Identifier: Apache-2.0 */
/*
 * heap.c - per-compartment private heaps and the shared heap.
 *
 * Layout. One PROT_NONE reservation holds N + 1 regions (compartments 0..N-1,
 * then the shared heap), each region_size bytes followed by a 64 KiB guard
 * gap that is never made accessible. Pages are committed (mprotect to RW) in
 * 64 KiB steps as a heap's break grows. Metadata lives in a second
 * reservation, committed alongside: a 16-byte descriptor per page and a
 * descriptor per 64 KiB chunk. The regions hold user data only.
 *
 * Page allocator. A heap's committed pages [0, brk) are partitioned into
 * spans. A span's first page descriptor says what it is (free, a large
 * block, a small-block chunk) and its size; its last one points back to the
 * first (boundary tags), every other descriptor is K_NONE - except in a
 * chunk, where every page names the chunk. Free spans are maximal (coalesced
 * on free) and kept in 64 size bins (exact for 1..32 pages, then one per
 * power of two); allocation is first fit over the bins, with an alignment.
 *
 * Small blocks (<= 2048 bytes) come from 64 KiB chunks, 64 KiB-aligned, one
 * size class per chunk, with an allocation bitmap per chunk (so a double or
 * invalid free is always detected). Chunks with free slots are listed per
 * class; a chunk that becomes empty is returned to the page allocator unless
 * it is the class's only empty chunk.
 *
 * Locking: one mutex per heap, taken by every operation on that heap. Finding
 * the heap of an address needs no lock (the layout never changes once
 * initialised). fork() is safe: every lock is taken around it.
 *
 * Sharing across processes (flexcc_heap_share_shared(), for the ept
 * backend). The shared heap's region and its metadata are replaced, contents
 * kept, by MAP_SHARED mappings made accessible whole (so no commit is needed
 * and every process sees the same pages), and its descriptor (break, bins,
 * lists, counters) moves to a MAP_SHARED page with a PTHREAD_PROCESS_SHARED
 * mutex. The processes forked afterwards then share one shared heap. That
 * heap's lock is not taken around fork(): its state is shared, not copied,
 * so the child finds it consistent whoever holds it.
 */
#define _GNU_SOURCE
#include "flexcc/heap.h"
#include "flexcc/report.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE_SHIFT 12
#define PAGE ((size_t)1 << PAGE_SHIFT)
#define CHUNK ((size_t)64 << 10)           /* small-block chunk, commit step */
#define CHUNK_PAGES ((uint32_t)(CHUNK >> PAGE_SHIFT))
#define GUARD CHUNK                        /* gap after every region */
#define MAX_REGION ((size_t)64 << 30)
#define MIN_REGION (4 * CHUNK)
#define SMALL_MAX 2048
#define NCLS 24
#define NBINS 64
#define NIL UINT32_MAX
#define LAZY_MIN_REGION ((size_t)16 << 20)
#define MADVISE_PAGES 32                   /* decommit freed spans >= 128 KiB */

enum { K_NONE, K_FREE, K_FREE_TAIL, K_LARGE, K_LARGE_TAIL, K_SMALL };

struct pmeta {
	uint8_t kind;
	uint8_t cls;    /* K_SMALL: size class */
	uint16_t pad;
	uint32_t val;   /* head: span pages; tail and K_SMALL: head page */
	uint32_t next;  /* free span head: bin list */
	uint32_t prev;
};

struct chunk {
	uint16_t nslots;
	uint16_t nfree;
	uint16_t hint;  /* first bitmap word that may have a free slot */
	uint16_t pad;
	uint32_t next;  /* list of chunks with free slots, by chunk index */
	uint32_t prev;
	uint64_t bits[CHUNK / 16 / 64];
};

struct heap {
	pthread_mutex_t lock;
	int id;               /* public index */
	char *start;
	uint32_t npages;
	uint32_t brk;         /* committed pages */
	struct pmeta *meta;
	struct chunk *chunks;
	size_t meta_committed, chunks_committed;
	uint32_t bins[NBINS];
	uint32_t cls_head[NCLS];
	uint32_t cls_empty[NCLS];
	size_t in_use, blocks;
	int premapped;        /* region and metadata mapped whole (shared) */
};

static const uint16_t cls_size[NCLS] = {
	16,  32,  48,  64,  80,  96,   112,  128,  160,  192,  224,  256,
	320, 384, 448, 512, 640, 768,  896,  1024, 1280, 1536, 1792, 2048,
};
static uint8_t cls_of_tab[SMALL_MAX / 16 + 1];

static struct {
	atomic_int ready;
	pthread_mutex_t init_lock;
	int atfork_done, fork_locked;
	unsigned nr;          /* compartment heaps; regions = nr + 1 */
	size_t region_size, stride, total;
	char *base;
	char *meta_base;
	size_t meta_total, meta_bytes, chunk_bytes;
	size_t sys_page;
	struct heap heaps[FLEXCC_HEAP_MAX_COMPARTMENTS + 1];
	/* The shared heap's descriptor: &heaps[nr], or its MAP_SHARED copy
	 * (shared_len bytes) once flexcc_heap_share_shared() has run. */
	struct heap *shared;
	size_t shared_len;
} G = { .init_lock = PTHREAD_MUTEX_INITIALIZER };

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */
/* ---------------------------------------------------------------------- */

static size_t round_up(size_t x, size_t a) { return (x + a - 1) & ~(a - 1); }
static int is_pow2(size_t x) { return x && !(x & (x - 1)); }

static const char *heap_name(const struct heap *h, char *buf, size_t len)
{
	if (h->id == FLEXCC_HEAP_SHARED)
		return "shared heap";
	snprintf(buf, len, "heap of compartment %d", h->id);
	return buf;
}

__attribute__((noreturn, format(printf, 1, 2))) static void
fatal(const char *fmt, ...);

static void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	flexcc_vreport(fmt, ap);
	va_end(ap);
	abort();
}

__attribute__((noreturn)) static void bad_free(struct heap *h, const void *p,
					       const char *what)
{
	char buf[48];

	fatal("%s: %s %p", heap_name(h, buf, sizeof(buf)), what, p);
}

static int ready(void)
{
	return atomic_load_explicit(&G.ready, memory_order_acquire);
}

/* Set by flexcc_heap_keep_freed_pages(). */
static atomic_int keep_freed_pages;

void flexcc_heap_keep_freed_pages(void)
{
	atomic_store(&keep_freed_pages, 1);
}

/* Lazy initialisation for the allocation entry points. */
static int ensure(void)
{
	int rc;

	if (ready())
		return 0;
	/* The image did not say how many compartments it has: reserve for all
	 * 64, halving the region size while the address space (RLIMIT_AS,
	 * valgrind) refuses the reservation. */
	for (size_t rs = FLEXCC_HEAP_DEFAULT_REGION_SIZE;; rs /= 2) {
		rc = flexcc_heap_init(FLEXCC_HEAP_MAX_COMPARTMENTS, rs);
		if (rc == -EEXIST)
			return 0;
		if (rc != -ENOMEM || rs <= LAZY_MIN_REGION)
			return rc;
	}
}

static struct heap *heap_by_index(int heap)
{
	if (heap == FLEXCC_HEAP_SHARED)
		return G.shared;
	if (heap >= 0 && (unsigned)heap < G.nr)
		return &G.heaps[heap];
	return NULL;
}

/* The heap whose region holds @p p; *in_res says whether @p p is anywhere
 * in the reservation (a region or a guard gap). */
static struct heap *owner(const void *p, int *in_res)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)G.base;

	*in_res = 0;
	if (!ready() || off >= G.total)
		return NULL;
	*in_res = 1;
	if (off % G.stride >= G.region_size)
		return NULL;
	off /= G.stride;
	return off == G.nr ? G.shared : &G.heaps[off];
}

/* ---------------------------------------------------------------------- */
/* Spans                                                                  */
/* ---------------------------------------------------------------------- */

static unsigned bin_of(uint32_t n)
{
	if (n <= 32)
		return n - 1;
	return 32 + (31 - __builtin_clz(n)) - 5;
}

static void bin_insert(struct heap *h, uint32_t s)
{
	unsigned b = bin_of(h->meta[s].val);

	h->meta[s].prev = NIL;
	h->meta[s].next = h->bins[b];
	if (h->bins[b] != NIL)
		h->meta[h->bins[b]].prev = s;
	h->bins[b] = s;
}

static void bin_remove(struct heap *h, uint32_t s)
{
	struct pmeta *m = &h->meta[s];

	if (m->prev != NIL)
		h->meta[m->prev].next = m->next;
	else
		h->bins[bin_of(m->val)] = m->next;
	if (m->next != NIL)
		h->meta[m->next].prev = m->prev;
}

/* Clear the head and tail marks of span [s, s+n). */
static void clear_marks(struct heap *h, uint32_t s, uint32_t n)
{
	memset(&h->meta[s], 0, sizeof(h->meta[s]));
	if (n > 1)
		memset(&h->meta[s + n - 1], 0, sizeof(h->meta[s]));
}

static void set_marks(struct heap *h, uint32_t s, uint32_t n, uint8_t head,
		      uint8_t tail)
{
	h->meta[s].kind = head;
	h->meta[s].val = n;
	if (n > 1) {
		h->meta[s + n - 1].kind = tail;
		h->meta[s + n - 1].val = s;
	}
}

/* Make [s, s+n) (whose marks are clear) a free span, without coalescing. */
static void mark_free(struct heap *h, uint32_t s, uint32_t n)
{
	set_marks(h, s, n, K_FREE, K_FREE_TAIL);
	bin_insert(h, s);
}

/* Free [s, s+n) (whose marks are clear), coalescing with its neighbours. */
static void free_span(struct heap *h, uint32_t s, uint32_t n)
{
	if (s > 0) {
		struct pmeta *pm = &h->meta[s - 1];
		uint32_t ps = pm->kind == K_FREE	     ? s - 1
			      : pm->kind == K_FREE_TAIL ? pm->val
							: NIL;
		if (ps != NIL) {
			uint32_t pn = h->meta[ps].val;

			bin_remove(h, ps);
			clear_marks(h, ps, pn);
			s = ps;
			n += pn;
		}
	}
	if (s + n < h->brk && h->meta[s + n].kind == K_FREE) {
		uint32_t e = s + n, en = h->meta[e].val;

		bin_remove(h, e);
		clear_marks(h, e, en);
		n += en;
	}
	mark_free(h, s, n);
}

/* First page index >= s whose address is aligned to @p al pages. */
static uint32_t align_page(struct heap *h, uint32_t s, size_t al)
{
	uintptr_t a = (uintptr_t)h->start + ((uintptr_t)s << PAGE_SHIFT);

	a = round_up(a, al << PAGE_SHIFT);
	return (uint32_t)((a - (uintptr_t)h->start) >> PAGE_SHIFT);
}

/* Carve [a, a+k) out of free span [s, s+n) and mark it allocated. */
static void take(struct heap *h, uint32_t s, uint32_t n, uint32_t a,
		 uint32_t k, uint8_t kind, uint8_t cls)
{
	bin_remove(h, s);
	clear_marks(h, s, n);
	if (a > s)
		mark_free(h, s, a - s);
	if (kind == K_SMALL) {
		for (uint32_t i = 0; i < k; i++) {
			h->meta[a + i].kind = K_SMALL;
			h->meta[a + i].cls = cls;
			h->meta[a + i].val = a;
		}
	} else {
		set_marks(h, a, k, K_LARGE, K_LARGE_TAIL);
	}
	if (a + k < s + n)
		mark_free(h, a + k, s + n - (a + k));
}

static int commit(void *p, size_t len)
{
	return mprotect(p, len, PROT_READ | PROT_WRITE) ? -1 : 0;
}

/* Grow the break by @p ext pages (a multiple of CHUNK_PAGES, or up to the
 * end of the region); the new pages join the top free span. */
static int grow(struct heap *h, uint32_t ext)
{
	uint32_t nb = h->brk + ext;
	size_t mneed = round_up((size_t)nb * sizeof(struct pmeta), CHUNK);
	size_t cneed = round_up((size_t)(nb / CHUNK_PAGES) *
					sizeof(struct chunk), CHUNK);

	if (h->premapped)
		goto committed;
	if (mneed > h->meta_committed) {
		if (commit((char *)h->meta + h->meta_committed,
			   mneed - h->meta_committed))
			return -1;
		h->meta_committed = mneed;
	}
	if (cneed > h->chunks_committed) {
		if (commit((char *)h->chunks + h->chunks_committed,
			   cneed - h->chunks_committed))
			return -1;
		h->chunks_committed = cneed;
	}
	if (commit(h->start + ((size_t)h->brk << PAGE_SHIFT),
		   (size_t)ext << PAGE_SHIFT))
		return -1;
committed:
	h->brk = nb;
	free_span(h, nb - ext, ext);
	return 0;
}

/* The head of the free span that ends at the break, or NIL. */
static uint32_t top_free(struct heap *h)
{
	struct pmeta *m;

	if (!h->brk)
		return NIL;
	m = &h->meta[h->brk - 1];
	if (m->kind == K_FREE)
		return h->brk - 1;
	if (m->kind == K_FREE_TAIL)
		return m->val;
	return NIL;
}

/* Allocate @p k pages aligned to @p al pages (a power of two). */
static uint32_t page_alloc(struct heap *h, uint32_t k, size_t al, uint8_t kind,
			   uint8_t cls)
{
	uint32_t s, a;
	size_t end, ext;

	for (unsigned b = bin_of(k); b < NBINS; b++) {
		for (s = h->bins[b]; s != NIL; s = h->meta[s].next) {
			uint32_t n = h->meta[s].val;

			if (n < k)
				continue;
			a = align_page(h, s, al);
			if ((size_t)a + k <= (size_t)s + n) {
				take(h, s, n, a, k, kind, cls);
				return a;
			}
		}
	}
	/* Extend the break just enough (in CHUNK steps) for an aligned fit at
	 * the top. */
	s = top_free(h);
	if (s == NIL)
		s = h->brk;
	end = (size_t)align_page(h, s, al) + k;
	if (end > h->npages)
		return NIL;
	ext = round_up(end - h->brk, CHUNK_PAGES);
	if (h->brk + ext > h->npages)
		ext = h->npages - h->brk;
	if (grow(h, (uint32_t)ext))
		return NIL;
	s = top_free(h);
	a = align_page(h, s, al);
	take(h, s, h->meta[s].val, a, k, kind, cls);
	return a;
}

/* ---------------------------------------------------------------------- */
/* Small blocks                                                           */
/* ---------------------------------------------------------------------- */

static void chunk_push(struct heap *h, unsigned cls, uint32_t ci)
{
	struct chunk *c = &h->chunks[ci];

	c->prev = NIL;
	c->next = h->cls_head[cls];
	if (c->next != NIL)
		h->chunks[c->next].prev = ci;
	h->cls_head[cls] = ci;
}

static void chunk_unlink(struct heap *h, unsigned cls, uint32_t ci)
{
	struct chunk *c = &h->chunks[ci];

	if (c->prev != NIL)
		h->chunks[c->prev].next = c->next;
	else
		h->cls_head[cls] = c->next;
	if (c->next != NIL)
		h->chunks[c->next].prev = c->prev;
}

static void *small_alloc(struct heap *h, unsigned cls)
{
	uint32_t ci = h->cls_head[cls];
	struct chunk *c;
	unsigned nwords, w;

	if (ci == NIL) {
		uint32_t pg = page_alloc(h, CHUNK_PAGES, CHUNK_PAGES, K_SMALL,
					 (uint8_t)cls);
		unsigned nslots = CHUNK / cls_size[cls];

		if (pg == NIL)
			return NULL;
		ci = pg / CHUNK_PAGES;
		c = &h->chunks[ci];
		memset(c, 0, sizeof(*c));
		c->nslots = c->nfree = (uint16_t)nslots;
		if (nslots % 64)
			c->bits[nslots / 64] = ~(uint64_t)0 << (nslots % 64);
		chunk_push(h, cls, ci);
		h->cls_empty[cls]++;
	}
	c = &h->chunks[ci];
	if (c->nfree == c->nslots)
		h->cls_empty[cls]--;
	nwords = (c->nslots + 63) / 64;
	for (w = c->hint; w < nwords; w++)
		if (~c->bits[w])
			break;
	if (w == nwords)
		fatal("heap: corrupt chunk %u (no free slot)", ci);
	unsigned slot = w * 64 + (unsigned)__builtin_ctzll(~c->bits[w]);
	c->bits[w] |= (uint64_t)1 << (slot % 64);
	c->hint = (uint16_t)w;
	if (--c->nfree == 0)
		chunk_unlink(h, cls, ci);
	h->in_use += cls_size[cls];
	h->blocks++;
	return h->start + (size_t)ci * CHUNK + (size_t)slot * cls_size[cls];
}

/* Validate a small block; returns its slot, aborts if it is not live. */
static unsigned small_slot(struct heap *h, const void *p, const struct pmeta *m)
{
	uint32_t ci = m->val / CHUNK_PAGES;
	struct chunk *c = &h->chunks[ci];
	size_t off = (size_t)((const char *)p - (h->start + (size_t)ci * CHUNK));
	size_t sz = cls_size[m->cls];
	unsigned slot = (unsigned)(off / sz);

	if (off % sz || slot >= c->nslots)
		bad_free(h, p, "invalid pointer (inside a block)");
	if (!(c->bits[slot / 64] & ((uint64_t)1 << (slot % 64))))
		bad_free(h, p, "double free or free of a never-allocated block");
	return slot;
}

static void small_free(struct heap *h, void *p, const struct pmeta *m)
{
	unsigned cls = m->cls, slot = small_slot(h, p, m);
	uint32_t ci = m->val / CHUNK_PAGES;
	struct chunk *c = &h->chunks[ci];

	c->bits[slot / 64] &= ~((uint64_t)1 << (slot % 64));
	if (slot / 64 < c->hint)
		c->hint = (uint16_t)(slot / 64);
	h->in_use -= cls_size[cls];
	h->blocks--;
	if (c->nfree++ == 0)
		chunk_push(h, cls, ci);
	if (c->nfree == c->nslots) {
		if (h->cls_empty[cls] == 0) {
			h->cls_empty[cls]++;
			return;
		}
		/* Give the chunk back to the page allocator. */
		uint32_t s = ci * CHUNK_PAGES;

		chunk_unlink(h, cls, ci);
		memset(&h->meta[s], 0, CHUNK_PAGES * sizeof(struct pmeta));
		free_span(h, s, CHUNK_PAGES);
	}
}

/* ---------------------------------------------------------------------- */
/* Blocks                                                                 */
/* ---------------------------------------------------------------------- */

static size_t pages_of(size_t n)
{
	return (n + PAGE - 1) >> PAGE_SHIFT;
}

/* Allocate in @p h (locked by the caller): @p n bytes aligned to @p align
 * (a power of two >= 16). */
static void *alloc_locked(struct heap *h, size_t n, size_t align)
{
	if (n <= SMALL_MAX && align <= 16)
		return small_alloc(h, cls_of_tab[(n + 15) >> 4]);
	if (align <= SMALL_MAX && n <= SMALL_MAX) {
		/* Power-of-two classes are naturally aligned in a chunk. */
		size_t sz = n > align ? n : align;
		size_t p2 = (size_t)1 << (64 - __builtin_clzll(sz - 1));

		if (p2 < 16)
			p2 = 16;
		if (p2 <= SMALL_MAX)
			return small_alloc(h, cls_of_tab[p2 >> 4]);
	}
	if (n > G.region_size || align > G.region_size)
		return NULL;
	size_t k = pages_of(n ? n : 1), al = align > PAGE ? align / PAGE : 1;
	uint32_t pg = page_alloc(h, (uint32_t)k, al, K_LARGE, 0);

	if (pg == NIL)
		return NULL;
	h->in_use += k << PAGE_SHIFT;
	h->blocks++;
	return h->start + ((size_t)pg << PAGE_SHIFT);
}

static void *heap_alloc(int heap, size_t n, size_t align)
{
	struct heap *h;
	void *p;
	int rc = ensure();

	if (rc) {
		errno = -rc;
		return NULL;
	}
	h = heap_by_index(heap);
	if (!h) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&h->lock);
	p = alloc_locked(h, n, align);
	pthread_mutex_unlock(&h->lock);
	if (!p)
		errno = ENOMEM;
	return p;
}

/* Usable size of live block @p p of @p h (locked); aborts if not live. */
static size_t block_size_locked(struct heap *h, const void *p)
{
	size_t off = (size_t)((const char *)p - h->start);
	uint32_t pg = (uint32_t)(off >> PAGE_SHIFT);
	struct pmeta *m;

	if (pg >= h->brk)
		bad_free(h, p, "invalid pointer (never allocated)");
	m = &h->meta[pg];
	if (m->kind == K_SMALL) {
		small_slot(h, p, m);
		return cls_size[m->cls];
	}
	if (m->kind == K_LARGE && !(off & (PAGE - 1)))
		return (size_t)m->val << PAGE_SHIFT;
	if ((m->kind == K_FREE || m->kind == K_FREE_TAIL) && !(off & (PAGE - 1)))
		bad_free(h, p, "double free or free of a never-allocated block");
	bad_free(h, p, "invalid pointer (not the start of a block)");
}

static void free_locked(struct heap *h, void *p)
{
	size_t off = (size_t)((char *)p - h->start);
	uint32_t pg = (uint32_t)(off >> PAGE_SHIFT);
	struct pmeta *m;

	if (pg < h->brk && h->meta[pg].kind == K_SMALL) {
		small_free(h, p, &h->meta[pg]);
		return;
	}
	block_size_locked(h, p); /* aborts unless a live large block */
	m = &h->meta[pg];
	uint32_t k = m->val;

	clear_marks(h, pg, k);
	h->in_use -= (size_t)k << PAGE_SHIFT;
	h->blocks--;
	if (k >= MADVISE_PAGES && !atomic_load_explicit(&keep_freed_pages,
							memory_order_relaxed)) {
		uintptr_t a = round_up((uintptr_t)p, G.sys_page);
		uintptr_t e = ((uintptr_t)p + ((size_t)k << PAGE_SHIFT)) &
			      ~(uintptr_t)(G.sys_page - 1);
		if (e > a)
			madvise((void *)a, e - a,
				h->premapped ? MADV_REMOVE : MADV_DONTNEED);
	}
	free_span(h, pg, k);
}

/* Resize large block [pg, pg+k) to @p nk pages in place if possible. */
static int resize_large_locked(struct heap *h, uint32_t pg, uint32_t k,
			       uint32_t nk)
{
	if (nk < k) {
		clear_marks(h, pg, k);
		set_marks(h, pg, nk, K_LARGE, K_LARGE_TAIL);
		free_span(h, pg + nk, k - nk);
		h->in_use -= (size_t)(k - nk) << PAGE_SHIFT;
		return 0;
	}
	if (nk == k)
		return 0;
	uint32_t e = pg + k;

	if (e == h->brk) {
		size_t ext = round_up(nk - k, CHUNK_PAGES);

		if (h->brk + ext > h->npages)
			ext = h->npages - h->brk;
		if (ext < nk - k || grow(h, (uint32_t)ext))
			return -1;
	}
	if (e < h->brk && h->meta[e].kind == K_FREE &&
	    (size_t)k + h->meta[e].val >= nk) {
		uint32_t en = h->meta[e].val;

		bin_remove(h, e);
		clear_marks(h, e, en);
		clear_marks(h, pg, k);
		set_marks(h, pg, nk, K_LARGE, K_LARGE_TAIL);
		if (k + en > nk)
			mark_free(h, pg + nk, k + en - nk);
		h->in_use += (size_t)(nk - k) << PAGE_SHIFT;
		return 0;
	}
	return -1;
}

/* ---------------------------------------------------------------------- */
/* Public API                                                             */
/* ---------------------------------------------------------------------- */

static void fork_prepare(void)
{
	pthread_mutex_lock(&G.init_lock);
	G.fork_locked = ready();
	if (G.fork_locked) {
		for (unsigned i = 0; i < G.nr; i++)
			pthread_mutex_lock(&G.heaps[i].lock);
		if (!G.shared->premapped)
			pthread_mutex_lock(&G.shared->lock);
	}
}

static void fork_release(void)
{
	if (G.fork_locked) {
		if (!G.shared->premapped)
			pthread_mutex_unlock(&G.shared->lock);
		for (unsigned i = G.nr; i-- > 0;)
			pthread_mutex_unlock(&G.heaps[i].lock);
	}
	pthread_mutex_unlock(&G.init_lock);
}

int flexcc_heap_init(unsigned nr_compartments, size_t region_size)
{
	size_t rs = region_size ? region_size : FLEXCC_HEAP_DEFAULT_REGION_SIZE;
	size_t npages, stride, total, meta_bytes, chunk_bytes, meta_total;
	char *raw, *base, *meta;
	long sp;
	int rc = 0;

	if (nr_compartments == 0 || nr_compartments > FLEXCC_HEAP_MAX_COMPARTMENTS ||
	    rs > MAX_REGION)
		return -EINVAL;
	rs = round_up(rs, CHUNK);
	if (rs < MIN_REGION)
		rs = MIN_REGION;

	pthread_mutex_lock(&G.init_lock);
	if (ready()) {
		if (nr_compartments > G.nr || (region_size && rs != G.region_size))
			rc = -EEXIST;
		goto out;
	}
	sp = sysconf(_SC_PAGESIZE);
	if (sp <= 0 || (size_t)sp > CHUNK || !is_pow2((size_t)sp)) {
		rc = -EINVAL;
		goto out;
	}
	G.sys_page = (size_t)sp;
	for (unsigned i = 0; i <= SMALL_MAX / 16; i++) {
		unsigned c = 0;

		while (cls_size[c] < i * 16)
			c++;
		cls_of_tab[i] = (uint8_t)c;
	}

	npages = rs >> PAGE_SHIFT;
	stride = rs + GUARD;
	total = (nr_compartments + 1) * stride;
	raw = mmap(NULL, total + CHUNK, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (raw == MAP_FAILED) {
		rc = -ENOMEM;
		goto out;
	}
	/* Align the regions to CHUNK; give back the slack. */
	base = (char *)round_up((uintptr_t)raw, CHUNK);
	if (base > raw)
		munmap(raw, (size_t)(base - raw));
	if (raw + total + CHUNK > base + total)
		munmap(base + total, (size_t)(raw + total + CHUNK - (base + total)));

	meta_bytes = round_up(npages * sizeof(struct pmeta), CHUNK);
	chunk_bytes = round_up((npages / CHUNK_PAGES) * sizeof(struct chunk),
			       CHUNK);
	meta_total = (nr_compartments + 1) * (meta_bytes + chunk_bytes);
	meta = mmap(NULL, meta_total, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (meta == MAP_FAILED) {
		munmap(base, total);
		rc = -ENOMEM;
		goto out;
	}

	G.nr = nr_compartments;
	G.region_size = rs;
	G.stride = stride;
	G.total = total;
	G.base = base;
	G.meta_base = meta;
	G.meta_total = meta_total;
	G.meta_bytes = meta_bytes;
	G.chunk_bytes = chunk_bytes;
	for (unsigned i = 0; i <= nr_compartments; i++) {
		struct heap *h = &G.heaps[i];

		memset(h, 0, sizeof(*h));
		pthread_mutex_init(&h->lock, NULL);
		h->id = i < nr_compartments ? (int)i : FLEXCC_HEAP_SHARED;
		h->start = base + i * stride;
		h->npages = (uint32_t)npages;
		h->meta = (struct pmeta *)(meta + i * (meta_bytes + chunk_bytes));
		h->chunks = (struct chunk *)((char *)h->meta + meta_bytes);
		for (unsigned b = 0; b < NBINS; b++)
			h->bins[b] = NIL;
		for (unsigned c = 0; c < NCLS; c++)
			h->cls_head[c] = NIL;
	}
	G.shared = &G.heaps[nr_compartments];
	G.shared_len = 0;
	if (!G.atfork_done) {
		pthread_atfork(fork_prepare, fork_release, fork_release);
		G.atfork_done = 1;
	}
	atomic_store_explicit(&G.ready, 1, memory_order_release);
out:
	pthread_mutex_unlock(&G.init_lock);
	return rc;
}

int flexcc_heap_fini(void)
{
	pthread_mutex_lock(&G.init_lock);
	if (ready()) {
		atomic_store_explicit(&G.ready, 0, memory_order_release);
		munmap(G.base, G.total);
		munmap(G.meta_base, G.meta_total);
		for (unsigned i = 0; i <= G.nr; i++)
			pthread_mutex_destroy(&G.heaps[i].lock);
		if (G.shared_len) {
			pthread_mutex_destroy(&G.shared->lock);
			munmap(G.shared, G.shared_len);
		}
		G.shared = NULL;
		G.shared_len = 0;
		G.nr = 0;
		G.base = NULL;
		G.total = 0;
	}
	pthread_mutex_unlock(&G.init_lock);
	return 0;
}

/* Replaces [p, p + len) by a read-write MAP_SHARED mapping holding the same
 * bytes in [p, p + copy1) and [p + off2, p + off2 + copy2) (the committed
 * parts; the rest reads as zeros): 0 or -errno. */
static int remap_shared(char *p, size_t len, size_t copy1, size_t off2,
			size_t copy2)
{
	char *q = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (q == MAP_FAILED)
		return -errno;
	if (copy1)
		memcpy(q, p, copy1);
	if (copy2)
		memcpy(q + off2, p + off2, copy2);
	if (mremap(q, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, p) == MAP_FAILED) {
		int e = errno;

		munmap(q, len);
		return -e;
	}
	return 0;
}

int flexcc_heap_share_shared(void)
{
	struct heap *h, *s;
	size_t len;
	int rc = ensure();

	if (rc)
		return rc;
	pthread_mutex_lock(&G.init_lock);
	h = G.shared;
	if (h->premapped)
		goto out;
	pthread_mutex_lock(&h->lock);
	len = round_up(sizeof(*s), G.sys_page);
	s = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		rc = -ENOMEM;
		goto unlock;
	}
	/* The metadata (page descriptors, then chunk headers), then the
	 * region, each with what is committed of it. */
	rc = remap_shared((char *)h->meta, G.meta_bytes + G.chunk_bytes,
			  h->meta_committed, G.meta_bytes, h->chunks_committed);
	if (!rc)
		rc = remap_shared(h->start, G.region_size,
				  (size_t)h->brk << PAGE_SHIFT, 0, 0);
	if (rc) {
		/* Nothing moved, or the metadata did with its contents. */
		munmap(s, len);
		goto unlock;
	}
	memcpy(s, h, sizeof(*s));
	{
		pthread_mutexattr_t a;

		pthread_mutexattr_init(&a);
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
		pthread_mutex_init(&s->lock, &a);
		pthread_mutexattr_destroy(&a);
	}
	s->premapped = 1;
	s->meta_committed = G.meta_bytes;
	s->chunks_committed = G.chunk_bytes;
	G.shared = s;
	G.shared_len = len;
unlock:
	pthread_mutex_unlock(&h->lock);
out:
	pthread_mutex_unlock(&G.init_lock);
	return rc;
}

unsigned flexcc_heap_count(void)
{
	return ready() ? G.nr : 0;
}

int flexcc_heap_range(int heap, void **start, size_t *len)
{
	struct heap *h;
	int rc = ensure();

	if (rc)
		return rc;
	h = heap_by_index(heap);
	if (!h)
		return -EINVAL;
	*start = h->start;
	*len = G.region_size;
	return 0;
}

int flexcc_heap_of(const void *p)
{
	int in_res;
	struct heap *h = owner(p, &in_res);

	return h ? h->id : -1;
}

int flexcc_heap_get_stats(int heap, struct flexcc_heap_stats *st)
{
	struct heap *h;
	int rc = ensure();

	if (rc)
		return rc;
	h = heap_by_index(heap);
	if (!h)
		return -EINVAL;
	pthread_mutex_lock(&h->lock);
	st->committed = (size_t)h->brk << PAGE_SHIFT;
	st->in_use = h->in_use;
	st->blocks = h->blocks;
	pthread_mutex_unlock(&h->lock);
	return 0;
}

void *flexcc_heap_malloc(int heap, size_t n)
{
	return heap_alloc(heap, n, 16);
}

void *flexcc_heap_calloc(int heap, size_t nmemb, size_t size)
{
	size_t n;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &n)) {
		errno = ENOMEM;
		return NULL;
	}
	p = heap_alloc(heap, n, 16);
	if (p)
		memset(p, 0, n);
	return p;
}

void *flexcc_heap_memalign(int heap, size_t align, size_t n)
{
	if (!is_pow2(align)) {
		errno = EINVAL;
		return NULL;
	}
	return heap_alloc(heap, n, align < 16 ? 16 : align);
}

void flexcc_heap_free(void *p)
{
	int in_res;
	struct heap *h;

	if (!p)
		return;
	h = owner(p, &in_res);
	if (!h) {
		if (in_res)
			fatal("free of %p: a guard gap between heap regions", p);
		free(p);
		return;
	}
	pthread_mutex_lock(&h->lock);
	free_locked(h, p);
	pthread_mutex_unlock(&h->lock);
}

size_t flexcc_heap_usable_size(const void *p)
{
	int in_res;
	struct heap *h;
	size_t n;

	if (!p)
		return 0;
	h = owner(p, &in_res);
	if (!h) {
		if (in_res)
			fatal("usable size of %p: a guard gap between heap regions",
			      p);
		/* libc takes a non-const pointer; it does not write through it. */
		return malloc_usable_size((void *)(uintptr_t)p);
	}
	pthread_mutex_lock(&h->lock);
	n = block_size_locked(h, p);
	pthread_mutex_unlock(&h->lock);
	return n;
}

void *flexcc_heap_realloc(int heap, void *p, size_t n)
{
	int in_res;
	struct heap *h;
	size_t old, off;
	void *q;

	if (!p)
		return flexcc_heap_malloc(heap, n);
	if (n == 0) {
		flexcc_heap_free(p);
		return NULL;
	}
	h = owner(p, &in_res);
	if (!h) {
		if (in_res)
			fatal("realloc of %p: a guard gap between heap regions", p);
		return realloc(p, n);
	}
	pthread_mutex_lock(&h->lock);
	old = block_size_locked(h, p);
	off = (size_t)((char *)p - h->start);
	if (h->meta[off >> PAGE_SHIFT].kind == K_SMALL) {
		if (n <= old && (n > old / 2 || old == 16)) {
			pthread_mutex_unlock(&h->lock);
			return p;
		}
	} else if (n > SMALL_MAX && n <= G.region_size) {
		uint32_t pg = (uint32_t)(off >> PAGE_SHIFT);

		if (!resize_large_locked(h, pg, h->meta[pg].val,
					 (uint32_t)pages_of(n))) {
			pthread_mutex_unlock(&h->lock);
			return p;
		}
	}
	pthread_mutex_unlock(&h->lock);
	q = heap_alloc(h->id, n, 16);
	if (!q)
		return NULL;
	memcpy(q, p, n < old ? n : old);
	flexcc_heap_free(p);
	return q;
}

/* The shared heap. */

void *flexcc_shared_malloc(size_t n)
{
	return flexcc_heap_malloc(FLEXCC_HEAP_SHARED, n);
}

void *flexcc_shared_calloc(size_t nmemb, size_t size)
{
	return flexcc_heap_calloc(FLEXCC_HEAP_SHARED, nmemb, size);
}

void *flexcc_shared_realloc(void *p, size_t n)
{
	return flexcc_heap_realloc(FLEXCC_HEAP_SHARED, p, n);
}

void *flexcc_shared_memalign(size_t align, size_t n)
{
	return flexcc_heap_memalign(FLEXCC_HEAP_SHARED, align, n);
}

void *flexcc_shared_palloc(size_t pages)
{
	size_t n;

	if (__builtin_mul_overflow(pages ? pages : 1, PAGE, &n)) {
		errno = ENOMEM;
		return NULL;
	}
	return heap_alloc(FLEXCC_HEAP_SHARED, n, PAGE);
}

void flexcc_shared_free(void *p)
{
	flexcc_heap_free(p);
}

void flexcc_shared_pfree(void *p, size_t pages)
{
	(void)pages;
	flexcc_heap_free(p);
}

/* ---------------------------------------------------------------------- */
/* Per-compartment malloc family                                          */
/* ---------------------------------------------------------------------- */

/* Compartment @p c's heap index; initialises if needed. */
static int comp_heap(int c)
{
	int rc = ensure();

	if (rc)
		return -1; /* the allocation fails with ENOMEM */
	if ((unsigned)c >= G.nr)
		fatal("compartment %d has no heap: the heaps were initialised "
		      "for %u compartments",
		      c, G.nr);
	return c;
}

static void *c_malloc(int c, size_t n)
{
	int h = comp_heap(c);

	if (h < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return flexcc_heap_malloc(h, n);
}

static void *c_calloc(int c, size_t nmemb, size_t size)
{
	int h = comp_heap(c);

	if (h < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return flexcc_heap_calloc(h, nmemb, size);
}

static void *c_realloc(int c, void *p, size_t n)
{
	int h = comp_heap(c);

	if (h < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return flexcc_heap_realloc(h, p, n);
}

static int c_posix_memalign(int c, void **memptr, size_t align, size_t n)
{
	int h, saved = errno;
	void *p;

	if (!is_pow2(align) || align % sizeof(void *))
		return EINVAL;
	h = comp_heap(c);
	p = h < 0 ? NULL : heap_alloc(h, n, align < 16 ? 16 : align);
	errno = saved;
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

static void *c_aligned_alloc(int c, size_t align, size_t n)
{
	int h;

	if (!is_pow2(align)) {
		errno = EINVAL;
		return NULL;
	}
	h = comp_heap(c);
	if (h < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return heap_alloc(h, n, align < 16 ? 16 : align);
}

static void *c_memalign(int c, size_t align, size_t n)
{
	int h;

	if (align > ((size_t)1 << (sizeof(size_t) * 8 - 1))) {
		errno = EINVAL;
		return NULL;
	}
	if (!is_pow2(align))
		align = align ? (size_t)1 << (64 - __builtin_clzll(align)) : 16;
	h = comp_heap(c);
	if (h < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return heap_alloc(h, n, align < 16 ? 16 : align);
}

#define FLEXCC_HEAP_ENTRY_DEFS(C)                                              \
	void *__flexcc_malloc_c##C(size_t n) { return c_malloc(C, n); }       \
	void *__flexcc_calloc_c##C(size_t nmemb, size_t size)                  \
	{                                                                      \
		return c_calloc(C, nmemb, size);                               \
	}                                                                      \
	void *__flexcc_realloc_c##C(void *p, size_t n)                         \
	{                                                                      \
		return c_realloc(C, p, n);                                     \
	}                                                                      \
	void __flexcc_free_c##C(void *p) { flexcc_heap_free(p); }              \
	int __flexcc_posix_memalign_c##C(void **memptr, size_t align,          \
					 size_t n)                             \
	{                                                                      \
		return c_posix_memalign(C, memptr, align, n);                  \
	}                                                                      \
	void *__flexcc_aligned_alloc_c##C(size_t align, size_t n)              \
	{                                                                      \
		return c_aligned_alloc(C, align, n);                           \
	}                                                                      \
	void *__flexcc_memalign_c##C(size_t align, size_t n)                   \
	{                                                                      \
		return c_memalign(C, align, n);                                \
	}                                                                      \
	size_t __flexcc_malloc_usable_size_c##C(void *p)                       \
	{                                                                      \
		return flexcc_heap_usable_size(p);                             \
	}

FLEXCC_HEAP_FOR_EACH_COMPARTMENT(FLEXCC_HEAP_ENTRY_DEFS)
