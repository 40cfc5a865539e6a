/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flexos.h - the FlexOS porting API, as flexcc reads it.
 *
 * Annotated code includes this header and builds two ways:
 *
 *  - with a plain C or C++ compiler (no flexcc): every macro reduces to the
 *    unisolated program. Gates are plain calls, annotations vanish, the shared
 *    heap is malloc. This is the "plain build" that every flexcc image is
 *    compared against.
 *  - under flexcc's own parse (flexcc defines __FLEXCC__): gates and
 *    annotations expand to forms that survive into clang's AST, so flexcc can
 *    find and lower them. Code never runs in this mode: flexcc rewrites every
 *    gate before the real compiler sees the source.
 *
 * Both our spellings (DESIGN.md section 3) and the original FlexOS ones
 * (flexos_gate_r, flexos_whitelist, flexos_malloc_whitelist, ...) are here.
 *
 * Zero-argument gates, `flexos_gate(lib, fn)`, and the shared-heap calls with
 * their optional library argument omitted rely on the GNU C extension that
 * lets a variadic macro be called with no variadic arguments (accepted by gcc
 * and clang; `-pedantic` before C23 warns about it).
 */
#ifndef __FLEXOS_H__
#define __FLEXOS_H__

#include <stddef.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Gates                                                                  */
/* ---------------------------------------------------------------------- */

#ifdef __FLEXCC__
/*
 * The callee is wrapped in a comma expression whose left operand is a string
 * literal naming the gate's kind and target library. The call itself stays a
 * real call through the callee's prototype, so clang type-checks the
 * arguments and gives the expression the callee's return type; flexcc finds
 * the marker in the AST and rewrites the gate's text.
 */
#define __FLEXCC_GATE_MARK(kind, lib) ((void)"flexcc-gate:" kind ":" #lib)
#define __FLEXCC_KEYGATE_MARK(kind, from, to)                                  \
	((void)"flexcc-gate:" kind ":", (void)(from), (void)(to))

#define flexos_gate(lib, fn, ...) (__FLEXCC_GATE_MARK("gate", lib), fn)(__VA_ARGS__)
#define flexos_gate_r(lib, ret, fn, ...)                                       \
	((ret) = (__FLEXCC_GATE_MARK("gate_r", lib), fn)(__VA_ARGS__))
#define flexos_nop_gate(from, to, fn, ...)                                     \
	(__FLEXCC_KEYGATE_MARK("nop", from, to), fn)(__VA_ARGS__)
#define flexos_nop_gate_r(from, to, ret, fn, ...)                              \
	((ret) = (__FLEXCC_KEYGATE_MARK("nop_r", from, to), fn)(__VA_ARGS__))
#define flexos_intelpku_gate(from, to, fn, ...)                                \
	(__FLEXCC_KEYGATE_MARK("intelpku", from, to), fn)(__VA_ARGS__)
#define flexos_intelpku_gate_r(from, to, ret, fn, ...)                         \
	((ret) = (__FLEXCC_KEYGATE_MARK("intelpku_r", from, to), fn)(__VA_ARGS__))
#define flexos_vmept_gate(from, to, fn, ...)                                   \
	(__FLEXCC_KEYGATE_MARK("vmept", from, to), fn)(__VA_ARGS__)
#define flexos_vmept_gate_r(from, to, ret, fn, ...)                            \
	((ret) = (__FLEXCC_KEYGATE_MARK("vmept_r", from, to), fn)(__VA_ARGS__))

#else /* !__FLEXCC__: the plain build */

/** Call fn(args...) of library lib; an expression of fn's return type. */
#define flexos_gate(lib, fn, ...) fn(__VA_ARGS__)
/** FlexOS: ret = fn(args...) across the boundary; ret is an lvalue. */
#define flexos_gate_r(lib, ret, fn, ...) ((ret) = fn(__VA_ARGS__))
/* FlexOS's already-lowered gates: plain calls in a plain build. */
#define flexos_nop_gate(from, to, fn, ...) fn(__VA_ARGS__)
#define flexos_nop_gate_r(from, to, ret, fn, ...) ((ret) = fn(__VA_ARGS__))
#define flexos_intelpku_gate(from, to, fn, ...) fn(__VA_ARGS__)
#define flexos_intelpku_gate_r(from, to, ret, fn, ...) ((ret) = fn(__VA_ARGS__))
#define flexos_vmept_gate(from, to, fn, ...) fn(__VA_ARGS__)
#define flexos_vmept_gate_r(from, to, ret, fn, ...) ((ret) = fn(__VA_ARGS__))

#endif /* __FLEXCC__ */

/* ---------------------------------------------------------------------- */
/* Annotations                                                            */
/* ---------------------------------------------------------------------- */

#ifdef __FLEXCC__
#define __FLEXCC_ANNOTATE(what) __attribute__((annotate("flexos:" what)))
/** Data reachable by every compartment (a global, a static or a local). */
#define __flexos_shared __FLEXCC_ANNOTATE("shared")
/** A function that other compartments may call through a pointer. */
#define __flexos_callback __FLEXCC_ANNOTATE("callback")
/*
 * Copy sharing, on a pointer parameter of the callee's declaration: the size
 * is macro-expanded, then stringized, so that flexcc reads its value.
 */
#define __FLEXCC_STR(x) #x
#define __FLEXCC_COPY(dir, size) __FLEXCC_ANNOTATE(dir ":" __FLEXCC_STR(size))
#define __flexos_in(size) __FLEXCC_COPY("in", size)
#define __flexos_out(size) __FLEXCC_COPY("out", size)
#define __flexos_inout(size) __FLEXCC_COPY("inout", size)
#define __flexos_string __FLEXCC_ANNOTATE("string")
/* FlexOS: __attribute__((flexos_whitelist)). */
#define flexos_whitelist annotate("flexos:shared")
#else
#define __flexos_shared
#define __flexos_callback
#define __flexos_in(size)
#define __flexos_out(size)
#define __flexos_inout(size)
#define __flexos_string
/*
 * __attribute__((flexos_whitelist)) must become __attribute__(()) in a plain
 * build: an object-like macro is the only hook, as the attribute has no
 * parentheses of its own. An empty attribute list is valid GNU C.
 */
#define flexos_whitelist
#endif /* __FLEXCC__ */

/* FlexOS placed shared globals by hand with Unikraft's __section(). */
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif

#if defined(__FLEXCC_ISOLATED__)
/*
 * A copy of string literal @p s in the shared read-only section, with the
 * literal's own pointer type: what flexcc passes through a crossing gate in
 * place of a literal (flexcc defines __FLEXCC_ISOLATED__ for mpk and ept).
 */
#define __FLEXOS_SHARED_STR(s)                                                 \
	(__extension__({                                                       \
		static const __typeof__((s)[0]) __flexos_str[]                 \
			__attribute__((section(".flexos_shared.rodata"))) = s; \
		(__typeof__(&*(s)))__flexos_str;                               \
	}))
#else
#define __FLEXOS_SHARED_STR(s) (s)
#endif

/** FlexOS: a string literal placed in shared memory. flexcc shares every
 *  literal passed through a gate itself; the macro stays for ported code. */
#define FLEXOS_SHARED_LITERAL(s) __FLEXOS_SHARED_STR(s)

/** FlexOS: an int constant in shared memory, an lvalue whose address may be
 *  passed through a gate. Under mpk and ept, each use site has an int of its
 *  own in the shared data section, set to @p n each time the expression is
 *  evaluated (a callee may read it from any compartment); elsewhere a
 *  compound literal (C) or the value itself (C++). */
#if defined(__FLEXCC_ISOLATED__)
#define FLEXOS_SHARED_INT(n)                                                   \
	(*(__extension__({                                                     \
		static int __flexos_int                                        \
			__attribute__((section(".flexos_shared.data")));       \
		__flexos_int = (n);                                            \
		&__flexos_int;                                                 \
	})))
#elif defined(__cplusplus)
#define FLEXOS_SHARED_INT(n) (n)
#else
#define FLEXOS_SHARED_INT(n) (((int[1]){ (n) })[0])
#endif

/* ---------------------------------------------------------------------- */
/* The shared heap                                                        */
/* ---------------------------------------------------------------------- */

#if defined(__FLEXCC_ISOLATED__)
/*
 * An object of an isolating image (flexcc defines __FLEXCC_ISOLATED__ when it
 * compiles for mpk or ept): the shared heap is the runtime's, which every
 * compartment may access (runtime/include/flexcc/heap.h). A compartment's
 * own malloc() is its private heap.
 */
#include <flexcc/heap.h>

/** Allocate @p size bytes that every compartment may access. */
#define flexos_malloc_shared(size) flexcc_shared_malloc(size)
/** Free a block from flexos_malloc_shared(). */
#define flexos_free_shared(ptr) flexcc_shared_free(ptr)

/* FlexOS spellings; the optional last argument names the library that will
 * use the block and does not change where it comes from. */
#define flexos_malloc_whitelist(size, ...) flexcc_shared_malloc(size)
#define flexos_calloc_whitelist(nmemb, size, ...)                              \
	flexcc_shared_calloc((nmemb), (size))
#define flexos_realloc_whitelist(ptr, size, ...)                               \
	flexcc_shared_realloc((ptr), (size))
#define flexos_memalign_whitelist(align, size, ...)                            \
	flexcc_shared_memalign((align), (size))
#define flexos_palloc_whitelist(pages, ...) flexcc_shared_palloc(pages)
#define flexos_pfree_whitelist(ptr, pages, ...)                                \
	flexcc_shared_pfree((ptr), (pages))
#define flexos_free_whitelist(ptr, ...) flexcc_shared_free(ptr)

#else /* a plain build, or mechanism none */

/* The shared heap is the process heap. */

/** Allocate @p size bytes that every compartment may access. */
#define flexos_malloc_shared(size) malloc(size)
/** Free a block from flexos_malloc_shared(). */
#define flexos_free_shared(ptr) free(ptr)

/* FlexOS spellings; the optional last argument names the library that will
 * use the block and does not change where it comes from. */
#define flexos_malloc_whitelist(size, ...) malloc(size)
#define flexos_calloc_whitelist(nmemb, size, ...) calloc((nmemb), (size))
#define flexos_realloc_whitelist(ptr, size, ...) realloc((ptr), (size))
#define flexos_memalign_whitelist(align, size, ...)                            \
	__flexos_memalign((align), (size))
#define flexos_palloc_whitelist(pages, ...) __flexos_palloc(pages)
#define flexos_pfree_whitelist(ptr, pages, ...) free(ptr)
#define flexos_free_whitelist(ptr, ...) free(ptr)

#endif /* __FLEXCC_ISOLATED__ */

#define __FLEXOS_PAGE_SIZE 4096UL

/** Aligned allocation; NULL on failure, as memalign(). */
static inline void *__flexos_memalign(size_t align, size_t size)
{
	void *p = NULL;

	if (align < sizeof(void *))
		align = sizeof(void *);
	return posix_memalign(&p, align, size) ? NULL : p;
}

/** @p pages whole pages, page-aligned; NULL on failure. */
static inline void *__flexos_palloc(size_t pages)
{
	return __flexos_memalign(__FLEXOS_PAGE_SIZE, pages * __FLEXOS_PAGE_SIZE);
}

/* ---------------------------------------------------------------------- */
/* Shared stack data (share-locals)                                       */
/* ---------------------------------------------------------------------- */

/*
 * flexcc's share-locals rewrite relocates each local marked __flexos_shared
 * (docs/rewrites/share-locals.md); the code it writes uses these helpers.
 * stdio.h (for the out-of-memory message) is included outside extern "C".
 */
#ifdef __cplusplus
}
#endif
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

/*
 * Sharing 'dss': a shared local's object lives in the thread's data shadow
 * stack, at __FLEXOS_DSS_OFFSET bytes above its stack slot. The runtime
 * reserves, for every stack it creates (the main thread's included), twice
 * the offset of address space: the stack in the lower half, its shadow,
 * accessible to every compartment, in the upper half. The offset is thus
 * the largest stack the runtime can create: 1 GiB is beyond any stack in
 * practice (8 MiB is Linux's and glibc's default) and costs only address
 * space, mapped on demand (2 GiB per stack: 65536 stacks in a 47-bit user
 * address space). It is an ABI constant between rewritten code and the
 * runtime: do not redefine it.
 */
#define __FLEXOS_DSS_OFFSET 0x40000000UL

#if defined(__FLEXCC_ISOLATED__)
/*
 * The shadow's address. The empty asm hides that the pointer is @p p's: to
 * the compiler, an access at an offset from a stack object is out of its
 * bounds (undefined behaviour it may optimise on, and warnings).
 */
static inline __attribute__((always_inline)) void *
__flexos_dss_addr(const volatile void *p)
{
	char *q = (char *)p;

	__asm__("" : "+r"(q));
	return q + __FLEXOS_DSS_OFFSET;
}
/** The shadow of local @p x: an lvalue of x's type. */
#define __FLEXOS_DSS(x) (*(__typeof__(&(x)))__flexos_dss_addr(&(x)))
/** Copies the initialized bytes of @p x's stack slot to its shadow. */
#define __FLEXOS_DSS_INIT(x)                                                   \
	((void)__builtin_memcpy(__flexos_dss_addr(&(x)), (const void *)&(x),   \
				sizeof(x)))
#else
/* A plain build, or mechanism none: the stack slot itself, so the object
 * code is the unannotated program's. */
#define __FLEXOS_DSS(x) (x)
#define __FLEXOS_DSS_INIT(x) ((void)0)
#endif /* __FLEXCC_ISOLATED__ */

/*
 * Sharing 'heap': a shared local is a shared-heap block, allocated where it
 * is declared and released, through __attribute__((cleanup)), at every exit
 * of its scope.
 */

/** A block of @p size bytes from the shared heap; aborts if there is none. */
static inline void *__flexos_heap_alloc(size_t size)
{
	void *p = flexos_malloc_shared(size ? size : 1);

	if (!p) {
		fputs("flexos: out of shared memory for a shared local variable\n",
		      stderr);
		abort();
	}
	return p;
}

/** The cleanup of a shared local: @p pp points to its block's pointer. */
static inline void __flexos_heap_release(void *pp)
{
	void *p;

	__builtin_memcpy(&p, pp, sizeof(p));
	flexos_free_shared(p);
}

#ifdef __cplusplus
}
#endif

#endif /* __FLEXOS_H__ */
