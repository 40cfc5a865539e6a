/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccomp.h - the mpk runtime's system-call filter (internal to the runtime).
 *
 * After start-up, once every key is assigned, the runtime calls
 * flexcc_mpk_seccomp_install(): from then on, every thread of the image runs
 * under a seccomp filter that denies what would undo or bypass the
 * protection keys from inside a compartment (pkey_*, replacing or discarding
 * protected memory, new executable memory, changing code, foreign accesses
 * that ignore keys, forged signal returns; the rules are listed in
 * seccomp.c). A denied call is reported on one line on stderr, naming the
 * calling thread's compartment, and the image exits with status 70.
 *
 * The runtime's own system calls go through flexcc_mpk_trusted_syscall() and
 * its signal handlers return through flexcc_mpk_restorer: both live in the
 * section flexcc_mpk_gates and pass a secret token (64 random bits, held in
 * the token page) in the sixth argument register, so that the filter allows
 * them only when their instruction pointer lies in the trusted range AND the
 * caller could read the token: compartment code that jumps to them, lacking
 * the runtime's key, faults on the token load.
 */
#ifndef FLEXCC_MPK_SECCOMP_H
#define FLEXCC_MPK_SECCOMP_H

#include <flexcc/backend.h>

#ifdef __cplusplus
extern "C" {
#endif

struct flexcc_mpk_filter {
	/** Memory with a compartment's or the runtime's key: never unmapped,
	 *  remapped, replaced (mmap MAP_FIXED, shmat) nor discarded (madvise
	 *  other than the harmless advice) by untrusted code; mprotect without
	 *  PROT_EXEC stays allowed (it keeps the key). Rounded out to pages. */
	const struct flexcc_range *keyed;
	unsigned nr_keyed;
	/** Every executable mapping at start-up: as keyed, and no mprotect
	 *  at all. Rounded out to pages. */
	const struct flexcc_range *code;
	unsigned nr_code;
	/** Instruction-pointer range of the trusted call sites; {0, 0} means
	 *  the section flexcc_mpk_gates (flexcc_mpk_trusted_syscall and
	 *  flexcc_mpk_restorer). */
	struct flexcc_range trusted;
	/** Name of the calling thread's compartment, for reports, from @p uc
	 *  (the ucontext_t of the SIGSYS handler: the interrupted context);
	 *  may be NULL. Called from the SIGSYS handler, so async-signal-safe, and
	 *  under the PKRU the kernel gives signal handlers (key 0 only): it
	 *  must read only key-0 memory or set PKRU itself. */
	const char *(*current_compartment)(const void *uc);
};

/**
 * Installs the filter on every thread of the process (TSYNC), after setting
 * no_new_privs, PR_SET_DUMPABLE 0 (see seccomp.c on /proc/self/mem), the
 * SIGSYS handler (SA_ONSTACK) and the token. Call once, at the end of
 * start-up, with the token page already keyed with the runtime's key.
 * @return 0, or -errno (-E2BIG: too many ranges for one BPF program,
 *         -EPERM: personality has READ_IMPLIES_EXEC, -EALREADY: installed)
 */
int flexcc_mpk_seccomp_install(const struct flexcc_mpk_filter *f);

/**
 * A system call that the filter always allows (its IP is trusted and it
 * passes the token): for the runtime's own use, with the rights to read the
 * token page. At most five arguments (the sixth register carries the
 * token). Every signal is blocked during the call (the token must not reach
 * a signal frame), except for rt_sigprocmask itself. Not for rt_sigreturn:
 * use flexcc_mpk_restorer. @return the raw result (-errno on failure).
 */
long flexcc_mpk_trusted_syscall(long nr, long a1, long a2, long a3, long a4,
				long a5);

/** sa_restorer for the runtime's signal handlers (with SA_RESTORER): the only
 *  rt_sigreturn the filter allows. Reached with the token page readable. */
void flexcc_mpk_restorer(void);

/** Non-zero when the CPU has PKU and the token's page has the runtime's
 *  key: flexcc_mpk_restorer() then opens that key (WRPKRU) before it reads
 *  the token. */
extern unsigned char flexcc_mpk_have_pku;

/** The page holding the token (section flexcc_mpk_token): the runtime gives
 *  it its own key before install, so that compartments cannot read it. */
struct flexcc_range flexcc_mpk_seccomp_token_page(void);

/** The page holding the SIGSYS handler's state (section flexcc_mpk_sigsys):
 *  it must keep key 0 (the handler runs with the kernel's signal PKRU); read
 *  only once installed. */
struct flexcc_range flexcc_mpk_seccomp_state_page(void);

#ifdef __cplusplus
}
#endif

#endif /* FLEXCC_MPK_SECCOMP_H */
