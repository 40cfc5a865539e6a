/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flexcc/dss.h - the data shadow stacks (sharing 'dss').
 *
 * Under sharing 'dss', flexcc's share-locals rewrite moves a shared local to
 * its shadow: the object FLEXCC_DSS_OFFSET bytes above its stack slot
 * (__FLEXOS_DSS in flexos.h). The runtime therefore gives every stack a
 * shadow region, readable and writable, zero-filled and mapped on demand
 * (MAP_NORESERVE), at that offset:
 *
 *   - the main thread's stack: flexcc_dss_init(), run as a constructor;
 *   - every thread a compartment creates: flexcc_pthread_create(), to which
 *     an image's pthread_create is redirected, allocates the thread's stack
 *     and its shadow (or a shadow for the caller's own stack), and
 *     flexcc_pthread_join() / flexcc_pthread_detach() release them.
 *
 * Errors are negative errno values for the flexcc_dss_* functions and
 * positive errno values, as pthreads return them, for the flexcc_pthread_*
 * ones. docs/runtime-dss.md describes the design.
 */
#ifndef __FLEXCC_DSS_H__
#define __FLEXCC_DSS_H__

#include <pthread.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The distance from a stack slot to its shadow: the same ABI constant as
 * __FLEXOS_DSS_OFFSET in flexos.h (dss.c checks that they agree). It is also
 * the largest stack the runtime gives a shadow to.
 */
#define FLEXCC_DSS_OFFSET ((size_t)0x40000000UL)

/** A created thread's stack size when its attributes name none. */
#define FLEXCC_DSS_DEFAULT_STACK_SIZE ((size_t)8 << 20)

/**
 * Give the main thread's stack its shadow: the range the stack may grow to
 * (from its top in /proc/self/maps down by RLIMIT_STACK; when that limit is
 * unlimited or above FLEXCC_DSS_OFFSET, by FLEXCC_DSS_OFFSET) is mapped,
 * MAP_FIXED_NOREPLACE, at +FLEXCC_DSS_OFFSET.
 *
 * dss.c runs it as a constructor, but a static archive's member is linked
 * only when referenced: an image links it with -Wl,-u,flexcc_dss_init.
 *
 * Idempotent and thread-safe: after a success every call returns 0; after a
 * failure every call returns the same error without retrying (the main stack
 * does not move). Returns 0, or -EEXIST (something is already
 * mapped where the shadow goes), -ENOMEM (no room: typically the stack lies
 * within FLEXCC_DSS_OFFSET of the top of the address space), -ENOENT (no
 * [stack] line in /proc/self/maps), or another -errno from mmap; a failure
 * also prints one line on stderr.
 */
int flexcc_dss_init(void);

/**
 * For backends that fork before main (ept): when @p always is non-zero, or
 * the main stack has no shadow (flexcc_dss_init() fails), and main is
 * wrapped (-Wl,--wrap=main), reserves now the runtime stack main will run
 * on, its shadow MAP_SHARED if @p shared_shadow, so that processes forked
 * after this call share that shadow with the main thread (and can be given
 * no access to main's frames: they are not on the process's own stack).
 * Returns 0 (the main stack has its shadow, or the runtime stack is ready),
 * -ENOSYS (main is not wrapped), or -ENOMEM.
 */
int flexcc_dss_prepare_main(int shared_shadow, int always);

/**
 * The process's own stack as the kernel maps it now (the [stack] line of
 * /proc/self/maps): [*start, *end). Returns 0, or -ENOENT.
 */
int flexcc_dss_process_stack(void **start, void **end);

/**
 * The runtime stack that flexcc_dss_prepare_main() made for main (its
 * lowest address and length; its shadow lies FLEXCC_DSS_OFFSET above).
 * Returns 0, or -ENOENT when main runs on the process's own stack.
 */
int flexcc_dss_main_runtime_stack(void **start, size_t *len);

/**
 * pthread_create() for compartments (an image's pthread_create is renamed to
 * it): the thread runs on a stack that has a shadow. With no stack in
 * @p attr, the runtime reserves, in one mapping, a guard (the attr's guard
 * size, at least a page), the stack (the attr's stack size, else
 * FLEXCC_DSS_DEFAULT_STACK_SIZE), the gap up to the shadow, and the shadow;
 * only the guard and the gap stay inaccessible. With a stack set by
 * pthread_attr_setstack(), the runtime maps a shadow for that stack and keeps
 * it. Every other attribute (detach state, scheduling, affinity...) is the
 * caller's.
 *
 * A thread created detached is created joinable, and reaped (its stack and
 * shadow unmapped) by a later flexcc_pthread_create/join/detach call once it
 * has ended. Returns 0 or an errno value: EAGAIN/ENOMEM (no memory), EINVAL
 * (a stack larger than FLEXCC_DSS_OFFSET minus its guard), EEXIST (the
 * shadow of a caller's stack would overlap a mapping), or pthread_create's.
 */
int flexcc_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
			  void *(*start)(void *), void *arg);

/**
 * pthread_join() that also unmaps the stack and shadow of a thread created
 * by flexcc_pthread_create() (only the shadow, for a caller's stack). For any
 * other thread, exactly pthread_join(). Returns pthread_join's value.
 */
int flexcc_pthread_join(pthread_t thread, void **retval);

/**
 * pthread_detach(): a thread created by flexcc_pthread_create() is marked
 * detached for the reaper (its stack is released after it ends); any other
 * thread is passed to pthread_detach(). Returns 0, EINVAL (already
 * detached), or pthread_detach's value.
 */
int flexcc_pthread_detach(pthread_t thread);

/**
 * The stack, known to the runtime, that holds address @p p: its lowest
 * address and length, its shadow being [*start + FLEXCC_DSS_OFFSET,
 * *start + FLEXCC_DSS_OFFSET + *len). For backends (a shadow's protection)
 * and tests. Returns 0, or -ENOENT (p lies in no such stack).
 */
int flexcc_dss_stack_of(const void *p, void **start, size_t *len);

/**
 * The number of threads whose stacks (or shadows) the runtime holds: running
 * ones, and ended ones not yet joined or reaped. For tests.
 */
size_t flexcc_dss_thread_count(void);

#ifdef __cplusplus
}
#endif

#endif /* __FLEXCC_DSS_H__ */
