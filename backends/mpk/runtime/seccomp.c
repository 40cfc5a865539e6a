/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccomp.c - the mpk runtime's system-call filter (seccomp.h).
 *
 * Protection keys only guard user-mode accesses to keyed pages: a
 * compartment could undo them with system calls. The filter, a classic BPF
 * program built here, denies to every instruction pointer outside the
 * trusted call sites (see "Trusted call sites") what the MPK literature
 * (ERIM, Jenny) lists:
 *
 *  system call             denied when                          why
 *  ----------------------  -----------------------------------  -----------------------------
 *  (any)                   arch != AUDIT_ARCH_X86_64            int 0x80 / 32-bit ABI escapes
 *  (any)                   nr >= 0x40000000                     x32 ABI escapes the rules
 *  pkey_mprotect/alloc/free always                              change keys
 *  munmap                  [a0, a0+a1) meets keyed or code      fresh memory comes back key 0
 *  mremap                  [a0, a0+a1) meets keyed or code, or  moves keyed pages / replaces
 *                          MREMAP_FIXED and [a4, a4+a2) does    keyed memory
 *  mmap                    prot has PROT_EXEC                   code the link-time scan never saw
 *  mmap                    MAP_FIXED, [a0, a0+a1) meets         replaces keyed memory
 *                          keyed or code
 *  mprotect                prot has PROT_EXEC                   new code (data written earlier)
 *  mprotect                [a0, a0+a1) meets code               makes code writable
 *  madvise                 advice not in {NORMAL, RANDOM,       DONTNEED, FREE, REMOVE, ...
 *                          SEQUENTIAL, WILLNEED, (NO)HUGEPAGE,  discard keyed contents (they
 *                          DONTDUMP, DODUMP, COLD, PAGEOUT,     read back as zeros)
 *                          POPULATE_READ/WRITE} and [a0, a0+a1)
 *                          meets keyed or code
 *  shmat                   shmflg has SHM_REMAP or SHM_EXEC     replaces memory / executable
 *  shmdt                   a0 in keyed or code                  unmaps
 *  remap_file_pages        always                               remaps with key 0
 *  process_vm_readv/writev always                               foreign accesses ignore keys
 *  ptrace                  always                               idem
 *  process_madvise         always                               advice the filter cannot check
 *  userfaultfd             always                               would supply keyed contents
 *  perf_event_open         always                               samples copy registers and
 *                                                               stacks of whatever
 *                                                               compartment runs
 *  io_uring_setup/enter/   always                               kernel-side accesses
 *  register
 *  rt_sigreturn            always (see flexcc_mpk_restorer)     a forged frame carries PKRU
 *  rt_sigaction            a0 == SIGSYS and a1 != NULL          the report of denied calls
 *  prctl                   PR_SET_DUMPABLE with a1 != 0         reopens /proc/self/mem (below)
 *  prctl                   PR_SET_SECCOMP; PR_SET_MM            see seccomp; rewrites layout
 *  seccomp                 always                               a compartment's filter could
 *                                                               fake the runtime's calls
 *                                                               (SECCOMP_RET_ERRNO with 0)
 *  personality             a0 != 0xffffffff and has             PROT_READ would imply
 *                          READ_IMPLIES_EXEC                    PROT_EXEC
 *  sigaltstack             a0 != NULL                           kernels since "x86/pkeys:
 *                                                               Update PKRU to enable all
 *                                                               pkeys before XSAVE" write
 *                                                               signal frames to the
 *                                                               alternate stack whatever its
 *                                                               key: a write primitive; the
 *                                                               runtime sets alternate stacks
 *                                                               with a trusted call
 *
 * Everything else is allowed. "Meets" is [a, a + max(len, 1)) intersecting
 * a range, in 64-bit arithmetic on the 32-bit halves, with the carry, and an
 * end past 2^64 counting as 2^64 (such calls fail in the kernel anyway);
 * ranges are rounded out to pages, which is exact because the kernel rejects
 * unaligned addresses and rounds lengths up. mprotect without PROT_EXEC
 * keeps a page's key, so it stays allowed on keyed data (the heaps commit
 * pages that way). The code ranges are joined by the two pages of this
 * file (the token and the handler's state): those are never changed.
 *
 * Trusted call sites. A call is allowed outright when its instruction
 * pointer (seccomp_data, the address after the syscall instruction) lies in
 * the trusted range AND its sixth argument register (r9) holds the token,
 * 64 random bits drawn at install and kept in a page of its own that the
 * runtime keys with its key. flexcc_mpk_trusted_syscall() and
 * flexcc_mpk_restorer load it from there just before their syscall, so
 * compartment code that calls or jumps to them without the runtime's rights
 * faults on the load, and code that jumps to their syscall instruction
 * cannot supply it.
 *
 * Denied calls: SECCOMP_RET_TRAP, whose 16 data bits (si_errno) carry why;
 * the SIGSYS handler prints one line naming the compartment and exits the
 * image with status 70. The kernel forces SIGSYS even when blocked (then
 * with the default action: the image dies of SIGSYS, unreported).
 *
 * Capacity: one BPF program (4096 instructions) holds about 165 ranges,
 * keyed and code together, after merging touching ones (each costs 22
 * instructions); beyond that install() returns -E2BIG.
 *
 * /proc/self/mem. Its accesses are "remote" ones, which ignore keys; seccomp
 * cannot see paths. The kernel lets a process open its own mem file
 * whatever its dumpability (mm_access() skips the ptrace check for itself),
 * but when the process is not dumpable the proc files of its tasks belong
 * to root (task_dump_owner()), so the permission check on the file (mode
 * 0600) refuses the open with EACCES unless the effective uid is 0 or the
 * process has CAP_DAC_OVERRIDE. install() sets PR_SET_DUMPABLE to 0 and the
 * filter denies setting it back: that closes /proc/self/mem and
 * /proc/<pid>/task/<tid>/mem to an image that runs as a user other than
 * root, and /proc/<pid>/mem, ptrace and process_vm_* of the image to other
 * processes of the user, forked children included. An image running as
 * root (euid 0 owns the files) or with CAP_DAC_OVERRIDE can still open
 * them: that stays open. (A seccomp user-notification supervisor that opens
 * paths on the image's behalf could close it, at the price of a round trip
 * per open and a supervisor for every process the image forks; Landlock
 * only allow-lists hierarchies and cannot single out /proc/<pid>/mem.)
 */
#define _GNU_SOURCE 1
#include "seccomp.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define PAGE 4096UL

#ifndef SHM_REMAP
#define SHM_REMAP 040000
#endif
#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif
#ifndef MREMAP_FIXED
#define MREMAP_FIXED 2
#endif

/* ---------------------------------------------------------------------- */
/* The token page, the handler's state page, the trusted call sites        */
/* ---------------------------------------------------------------------- */

/* The token: one word in a page of its own, keyed by the runtime. */
union flexcc_mpk_tokpage {
	unsigned long word;
	char page[PAGE];
};
__attribute__((section("flexcc_mpk_token"), aligned(4096),
	       visibility("hidden")))
union flexcc_mpk_tokpage flexcc_mpk_tokpage;

/* What the SIGSYS handler reads (its texts too): see "The report". */
#define STATE_SIZE (2 * PAGE)

extern char __start_flexcc_mpk_gates[] __attribute__((visibility("hidden")));
extern char __stop_flexcc_mpk_gates[] __attribute__((visibility("hidden")));

/*
 * flexcc_mpk__trusted_syscall_raw(nr, a1, ..., a5): the System V arguments
 * move to the kernel's registers, r9 gets the token, and is cleared
 * afterwards so that the token never goes back to the caller.
 * flexcc_mpk_restorer: entered by the handler's return with rsp at the
 * frame, which it leaves alone. flexcc_mpk__trusted_syscall_insn labels the
 * syscall instruction (tests jump there without the token).
 */
long flexcc_mpk__trusted_syscall_raw(long nr, long a1, long a2, long a3,
				     long a4, long a5)
	__attribute__((visibility("hidden")));

/* Set by the mpk runtime when the keys are real: the restorer then opens
 * the token's key (WRPKRU) before it reads it. A compartment that clears it
 * only makes the restorer fault on the token. */
unsigned char flexcc_mpk_have_pku;
__asm__(".pushsection flexcc_mpk_gates,\"ax\",@progbits\n"
	".globl flexcc_mpk__trusted_syscall_raw\n"
	".hidden flexcc_mpk__trusted_syscall_raw\n"
	".type flexcc_mpk__trusted_syscall_raw,@function\n"
	".p2align 4\n"
	"flexcc_mpk__trusted_syscall_raw:\n"
	"\tmov %rdi, %rax\n"
	"\tmov %rsi, %rdi\n"
	"\tmov %rdx, %rsi\n"
	"\tmov %rcx, %rdx\n"
	"\tmov %r8, %r10\n"
	"\tmov %r9, %r8\n"
	"\tmov flexcc_mpk_tokpage(%rip), %r9\n"
	".globl flexcc_mpk__trusted_syscall_insn\n"
	".hidden flexcc_mpk__trusted_syscall_insn\n"
	"flexcc_mpk__trusted_syscall_insn:\n"
	"\tsyscall\n"
	"\txor %r9d, %r9d\n"
	"\tret\n"
	".size flexcc_mpk__trusted_syscall_raw, "
	".-flexcc_mpk__trusted_syscall_raw\n"
	".globl flexcc_mpk_restorer\n"
	".type flexcc_mpk_restorer,@function\n"
	".p2align 4\n"
	"flexcc_mpk_restorer:\n"
	/* The token's page has the runtime's key (mpk.c): readable under
	 * PKRU 0xfffffff8 (key 0, key 1 read-only), which rt_sigreturn then
	 * replaces with the interrupted context's. A check after WRPKRU, as
	 * in every gate. */
	"\tcmpb $0, flexcc_mpk_have_pku(%rip)\n"
	"\tje 2f\n"
	"\tmov $0xfffffff8, %eax\n"
	"\txor %ecx, %ecx\n"
	"\txor %edx, %edx\n"
	"\twrpkru\n"
	"\tcmp $0xfffffff8, %eax\n"
	"\tjne 1f\n"
	"2:\tmov flexcc_mpk_tokpage(%rip), %r9\n"
	"\tmov $15, %eax\n" /* __NR_rt_sigreturn */
	"\tsyscall\n"
	"\txor %r9d, %r9d\n"
	"1:\tud2\n"
	".size flexcc_mpk_restorer, .-flexcc_mpk_restorer\n"
	".popsection\n");

/* rt_sigprocmask(SIG_SETMASK, set, old, 8), without libc (no errno). */
static void raw_sigmask(const unsigned long *set, unsigned long *old)
{
	long r;

	__asm__ volatile("mov $8, %%r10\n\t"
			 "syscall"
			 : "=a"(r)
			 : "a"((long)SYS_rt_sigprocmask), "D"((long)SIG_SETMASK),
			   "S"(set), "d"(old)
			 : "rcx", "r10", "r11", "memory");
	(void)r;
}

/*
 * With every signal blocked around the call: a signal delivered while r9
 * holds the token would save it in a signal frame, perhaps on an alternate
 * stack that compartments can read. (Not for rt_sigprocmask itself, whose
 * effect the restore would undo.)
 */
long flexcc_mpk_trusted_syscall(long nr, long a1, long a2, long a3, long a4,
				long a5)
{
	unsigned long all = ~0UL, old = 0;
	long r;

	if (nr == SYS_rt_sigprocmask)
		return flexcc_mpk__trusted_syscall_raw(nr, a1, a2, a3, a4, a5);
	raw_sigmask(&all, &old);
	r = flexcc_mpk__trusted_syscall_raw(nr, a1, a2, a3, a4, a5);
	raw_sigmask(&old, 0);
	return r;
}

struct flexcc_range flexcc_mpk_seccomp_token_page(void)
{
	struct flexcc_range r = { flexcc_mpk_tokpage.page,
				  flexcc_mpk_tokpage.page + PAGE };
	return r;
}

/* ---------------------------------------------------------------------- */
/* Why a call was denied: the low byte of SECCOMP_RET_DATA                  */
/* ---------------------------------------------------------------------- */

enum {
	R_ARCH = 1,   /* foreign ABI */
	R_X32,        /* x32 ABI */
	R_FORBIDDEN,  /* always denied */
	R_KEYED,      /* range meets keyed memory */
	R_CODE,       /* range meets code or the runtime's pages */
	R_EXEC,       /* PROT_EXEC */
	R_SHM,        /* SHM_REMAP / SHM_EXEC */
	R_SIGSYS,     /* rt_sigaction(SIGSYS) */
	R_DUMPABLE,   /* prctl(PR_SET_DUMPABLE, !0) */
	R_SECCOMP,    /* prctl(PR_SET_SECCOMP) */
	R_PRCTL_MM,   /* prctl(PR_SET_MM) */
	R_PERSONALITY, /* READ_IMPLIES_EXEC */
	R_ALTSTACK,    /* sigaltstack(ss != NULL) */
	R_MAX
};
/* Bits 8-11: which (address, length) pair a range reason is about. */
#define W_ARG01 0u   /* a0, a1 */
#define W_ARG42 1u   /* a4, a2 (mremap's destination) */
#define W_ARG0  2u   /* a0 alone (shmdt) */

/* ---------------------------------------------------------------------- */
/* A small assembler for classic BPF with forward labels                   */
/* ---------------------------------------------------------------------- */

#define MAX_INSNS BPF_MAXINSNS
#define MAX_LABELS 2048
#define NO_LABEL (-1)

struct prog {
	struct sock_filter *insn;
	int n;
	int lt[MAX_INSNS], lf[MAX_INSNS]; /* labels of jt, jf, or NO_LABEL */
	int ja[MAX_INSNS];                /* label of a BPF_JA, or NO_LABEL */
	int label_pos[MAX_LABELS];
	int nlabels;
	int error;
};

static int new_label(struct prog *p)
{
	if (p->nlabels >= MAX_LABELS) {
		p->error = -E2BIG;
		return 0;
	}
	p->label_pos[p->nlabels] = -1;
	return p->nlabels++;
}

static void bind(struct prog *p, int l)
{
	p->label_pos[l] = p->n;
}

static void emit(struct prog *p, uint16_t code, uint32_t k, int lt, int lf,
		 int ja)
{
	if (p->n >= MAX_INSNS) {
		p->error = -E2BIG;
		return;
	}
	p->insn[p->n].code = code;
	p->insn[p->n].k = k;
	p->insn[p->n].jt = 0;
	p->insn[p->n].jf = 0;
	p->lt[p->n] = lt;
	p->lf[p->n] = lf;
	p->ja[p->n] = ja;
	p->n++;
}

static void stmt(struct prog *p, uint16_t code, uint32_t k)
{
	emit(p, code, k, NO_LABEL, NO_LABEL, NO_LABEL);
}

/* if (A <op> k) goto lt else goto lf; NO_LABEL: the next instruction. */
static void jmp(struct prog *p, uint16_t op, uint32_t k, int lt, int lf)
{
	emit(p, BPF_JMP | op | BPF_K, k, lt, lf, NO_LABEL);
}

static void jmpx(struct prog *p, uint16_t op, int lt, int lf)
{
	emit(p, BPF_JMP | op | BPF_X, 0, lt, lf, NO_LABEL);
}

static void ja(struct prog *p, int l)
{
	emit(p, BPF_JMP | BPF_JA, 0, NO_LABEL, NO_LABEL, l);
}

static int resolve(struct prog *p)
{
	if (p->error)
		return p->error;
	for (int i = 0; i < p->n; i++) {
		int t;

		if (p->ja[i] != NO_LABEL) {
			t = p->label_pos[p->ja[i]] - (i + 1);
			if (p->label_pos[p->ja[i]] < 0 || t < 0)
				return -EINVAL; /* unbound or backwards */
			p->insn[i].k = (uint32_t)t;
		}
		if (p->lt[i] != NO_LABEL) {
			t = p->label_pos[p->lt[i]] - (i + 1);
			if (p->label_pos[p->lt[i]] < 0 || t < 0 || t > 255)
				return p->label_pos[p->lt[i]] >= 0 && t > 255
					       ? -E2BIG : -EINVAL;
			p->insn[i].jt = (uint8_t)t;
		}
		if (p->lf[i] != NO_LABEL) {
			t = p->label_pos[p->lf[i]] - (i + 1);
			if (p->label_pos[p->lf[i]] < 0 || t < 0 || t > 255)
				return p->label_pos[p->lf[i]] >= 0 && t > 255
					       ? -E2BIG : -EINVAL;
			p->insn[i].jf = (uint8_t)t;
		}
	}
	return 0;
}

/* seccomp_data offsets (little-endian: the low half first). */
#define OFF_NR    offsetof(struct seccomp_data, nr)
#define OFF_ARCH  offsetof(struct seccomp_data, arch)
#define OFF_IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define OFF_IP_HI (OFF_IP_LO + 4)
#define OFF_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define OFF_HI(i) (OFF_LO(i) + 4)

static void ld_abs(struct prog *p, uint32_t off)
{
	stmt(p, BPF_LD | BPF_W | BPF_ABS, off);
}

/* Scratch memory: the range [a, end) under test and the return value. */
enum { M_ALO, M_AHI, M_ELO, M_EHI, M_RET, M_CODE_ONLY };

/*
 * M[] = a = args[ia], end = a + max(len, 1) (saturated at 2^64 - 1), with
 * len = args[il], or 1 when il < 0; M_RET = TRAP | which << 8.
 */
static void compute_range(struct prog *p, int ia, int il, unsigned which,
			  int code_only)
{
	int addlo = new_label(p), reload = new_label(p), z1 = new_label(p);
	int carry = new_label(p), nocarry = new_label(p);
	int common = new_label(p), sat = new_label(p), done = new_label(p);

	stmt(p, BPF_LD | BPF_IMM, (uint32_t)code_only);
	stmt(p, BPF_ST, M_CODE_ONLY);
	stmt(p, BPF_LD | BPF_IMM, SECCOMP_RET_TRAP | which << 8);
	stmt(p, BPF_ST, M_RET);
	ld_abs(p, OFF_LO(ia));
	stmt(p, BPF_ST, M_ALO);
	ld_abs(p, OFF_HI(ia));
	stmt(p, BPF_ST, M_AHI);
	if (il < 0) {
		stmt(p, BPF_LD | BPF_IMM, 1);
		ja(p, addlo);
	} else {
		ld_abs(p, OFF_LO(il));
		jmp(p, BPF_JEQ, 0, z1, addlo); /* A = len_lo */
		bind(p, z1);
		ld_abs(p, OFF_HI(il));
		jmp(p, BPF_JEQ, 0, NO_LABEL, reload);
		stmt(p, BPF_LD | BPF_IMM, 1); /* len == 0: take 1 */
		ja(p, addlo);
		bind(p, reload);
		ld_abs(p, OFF_LO(il)); /* 0 */
	}
	bind(p, addlo);
	stmt(p, BPF_LDX | BPF_MEM, M_ALO);
	stmt(p, BPF_ALU | BPF_ADD | BPF_X, 0);
	stmt(p, BPF_ST, M_ELO);
	jmpx(p, BPF_JGE, nocarry, carry); /* sum < a_lo: carry */
	bind(p, nocarry);
	if (il < 0)
		stmt(p, BPF_LD | BPF_IMM, 0);
	else
		ld_abs(p, OFF_HI(il));
	ja(p, common);
	bind(p, carry);
	if (il < 0)
		stmt(p, BPF_LD | BPF_IMM, 0);
	else
		ld_abs(p, OFF_HI(il));
	stmt(p, BPF_ALU | BPF_ADD | BPF_K, 1);
	jmp(p, BPF_JEQ, 0, sat, common); /* len_hi + 1 wrapped */
	bind(p, common);
	stmt(p, BPF_LDX | BPF_MEM, M_AHI);
	stmt(p, BPF_ALU | BPF_ADD | BPF_X, 0);
	stmt(p, BPF_ST, M_EHI);
	jmpx(p, BPF_JGE, done, sat); /* sum < a_hi: past 2^64 */
	bind(p, sat);
	stmt(p, BPF_LD | BPF_IMM, 0xffffffffu);
	stmt(p, BPF_ST, M_ELO);
	stmt(p, BPF_ST, M_EHI);
	bind(p, done);
}

/* if [M_A, M_E) meets [s, e) goto match; else fall through. */
static void test_range(struct prog *p, uint64_t s, uint64_t e, int match)
{
	uint32_t shi = (uint32_t)(s >> 32), slo = (uint32_t)s;
	uint32_t ehi = (uint32_t)(e >> 32), elo = (uint32_t)e;
	int next = new_label(p), t2 = new_label(p), t3 = new_label(p);
	int m = new_label(p);

	/* a < e */
	stmt(p, BPF_LD | BPF_MEM, M_AHI);
	jmp(p, BPF_JGT, ehi, next, NO_LABEL);
	jmp(p, BPF_JEQ, ehi, NO_LABEL, t3);
	stmt(p, BPF_LD | BPF_MEM, M_ALO);
	jmp(p, BPF_JGE, elo, next, t3);
	/* end > s */
	bind(p, t3);
	stmt(p, BPF_LD | BPF_MEM, M_EHI);
	jmp(p, BPF_JGT, shi, m, NO_LABEL);
	jmp(p, BPF_JEQ, shi, t2, next);
	bind(p, t2);
	stmt(p, BPF_LD | BPF_MEM, M_ELO);
	jmp(p, BPF_JGT, slo, m, next);
	bind(p, m);
	ja(p, match);
	bind(p, next);
}

struct rset {
	uint64_t s[MAX_INSNS / 8], e[MAX_INSNS / 8];
	int n;
};

static int add_range(struct rset *r, uint64_t s, uint64_t e)
{
	s &= ~(PAGE - 1);
	e = (e + PAGE - 1) & ~(PAGE - 1);
	if (e <= s)
		return 0; /* empty (or wrapping: not user memory) */
	if (r->n >= (int)(sizeof(r->s) / sizeof(r->s[0])))
		return -E2BIG;
	r->s[r->n] = s;
	r->e[r->n] = e;
	r->n++;
	return 0;
}

/* Sorts and merges overlapping or touching ranges. */
static void normalise(struct rset *r)
{
	for (int i = 1; i < r->n; i++) /* insertion sort: few ranges */
		for (int j = i; j > 0 && r->s[j - 1] > r->s[j]; j--) {
			uint64_t ts = r->s[j], te = r->e[j];

			r->s[j] = r->s[j - 1];
			r->e[j] = r->e[j - 1];
			r->s[j - 1] = ts;
			r->e[j - 1] = te;
		}
	int k = 0;
	for (int i = 0; i < r->n; i++) {
		if (k && r->s[i] <= r->e[k - 1]) {
			if (r->e[i] > r->e[k - 1])
				r->e[k - 1] = r->e[i];
			continue;
		}
		r->s[k] = r->s[i];
		r->e[k] = r->e[i];
		k++;
	}
	r->n = k;
}

/* Tests of @p code, then (unless M_CODE_ONLY is set) of @p keyed; then goto
 * @p nomatch. */
static void range_block(struct prog *p, const struct rset *keyed,
			const struct rset *code, int m_keyed, int m_code,
			int nomatch)
{
	int l = new_label(p);

	for (int i = 0; i < code->n; i++)
		test_range(p, code->s[i], code->e[i], m_code);
	stmt(p, BPF_LD | BPF_MEM, M_CODE_ONLY);
	jmp(p, BPF_JEQ, 0, l, NO_LABEL);
	ja(p, nomatch);
	bind(p, l);
	for (int i = 0; i < keyed->n; i++)
		test_range(p, keyed->s[i], keyed->e[i], m_keyed);
	ja(p, nomatch);
}

static void ret(struct prog *p, uint32_t v)
{
	stmt(p, BPF_RET | BPF_K, v);
}

struct build_in {
	const struct rset *keyed, *code;
	uint64_t ts, te; /* trusted IP range */
	uint64_t token;
};

static int build(struct prog *p, const struct build_in *in)
{
	static const int forbidden[] = {
		SYS_pkey_mprotect, SYS_pkey_alloc, SYS_pkey_free,
		SYS_process_vm_readv, SYS_process_vm_writev, SYS_ptrace,
		SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
		SYS_rt_sigreturn, SYS_userfaultfd, SYS_remap_file_pages,
		SYS_process_madvise, SYS_seccomp, SYS_perf_event_open,
	};
	static const uint32_t harmless_advice[] = {
		MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED,
		MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP,
		20 /* COLD */, 21 /* PAGEOUT */, 22 /* POPULATE_READ */,
		23 /* POPULATE_WRITE */,
	};
	const uint32_t TRAP = SECCOMP_RET_TRAP;
	int allow = new_label(p), untrusted = new_label(p);
	int p_munmap = new_label(p), p_mmap = new_label(p);
	int p_mprotect = new_label(p), p_mremap = new_label(p);
	int p_madvise = new_label(p), p_shmat = new_label(p);
	int p_shmdt = new_label(p), p_sigaction = new_label(p);
	int p_prctl = new_label(p), p_personality = new_label(p);
	int p_altstack = new_label(p);
	int kf = new_label(p);
	int m_keyed = new_label(p), m_code = new_label(p);
	int l;

	/* The kernel's checker wants every scratch cell written before any
	 * read on every path, and takes a return for a fall-through. */
	stmt(p, BPF_LD | BPF_IMM, 0);
	for (unsigned i = M_ALO; i <= M_CODE_ONLY; i++)
		stmt(p, BPF_ST, i);

	/* ABI */
	l = new_label(p);
	ld_abs(p, OFF_ARCH);
	jmp(p, BPF_JEQ, AUDIT_ARCH_X86_64, l, NO_LABEL);
	ret(p, TRAP | R_ARCH);
	bind(p, l);
	l = new_label(p);
	ld_abs(p, OFF_NR);
	jmp(p, BPF_JGE, 0x40000000u, NO_LABEL, l);
	ret(p, TRAP | R_X32);
	bind(p, l);

	/* Trusted: ts <= ip < te and args[5] == token. */
	if (in->te > in->ts) {
		int c1 = new_label(p), q = new_label(p), tok = new_label(p);

		ld_abs(p, OFF_IP_HI);
		jmp(p, BPF_JGT, (uint32_t)(in->ts >> 32), c1, NO_LABEL);
		jmp(p, BPF_JEQ, (uint32_t)(in->ts >> 32), NO_LABEL, untrusted);
		ld_abs(p, OFF_IP_LO);
		jmp(p, BPF_JGE, (uint32_t)in->ts, c1, untrusted);
		bind(p, c1);
		ld_abs(p, OFF_IP_HI);
		jmp(p, BPF_JGT, (uint32_t)(in->te >> 32), untrusted, NO_LABEL);
		jmp(p, BPF_JEQ, (uint32_t)(in->te >> 32), NO_LABEL, tok);
		ld_abs(p, OFF_IP_LO);
		jmp(p, BPF_JGE, (uint32_t)in->te, untrusted, tok);
		bind(p, tok);
		ld_abs(p, OFF_LO(5));
		jmp(p, BPF_JEQ, (uint32_t)in->token, q, untrusted);
		bind(p, q);
		ld_abs(p, OFF_HI(5));
		jmp(p, BPF_JEQ, (uint32_t)(in->token >> 32), NO_LABEL,
		    untrusted);
		ret(p, SECCOMP_RET_ALLOW);
	}
	bind(p, untrusted);

	/* Dispatch on the number. */
	ld_abs(p, OFF_NR);
	for (unsigned i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		l = new_label(p);
		jmp(p, BPF_JEQ, (uint32_t)forbidden[i], NO_LABEL, l);
		ret(p, TRAP | R_FORBIDDEN);
		bind(p, l);
	}
	{
		static const int nrs[] = { SYS_munmap, SYS_mmap, SYS_mprotect,
					   SYS_mremap, SYS_madvise, SYS_shmat,
					   SYS_shmdt, SYS_rt_sigaction,
					   SYS_prctl, SYS_personality,
					   SYS_sigaltstack };
		const int to[] = { p_munmap, p_mmap, p_mprotect, p_mremap,
				   p_madvise, p_shmat, p_shmdt, p_sigaction,
				   p_prctl, p_personality, p_altstack };

		for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
			l = new_label(p);
			jmp(p, BPF_JEQ, (uint32_t)nrs[i], NO_LABEL, l);
			ja(p, to[i]);
			bind(p, l);
		}
	}
	ret(p, SECCOMP_RET_ALLOW);

	/* mremap: the destination (MREMAP_FIXED), then the source. */
	{
		int old = new_label(p), fixed = new_label(p);

		bind(p, p_mremap);
		ld_abs(p, OFF_LO(3));
		jmp(p, BPF_JSET, MREMAP_FIXED, fixed, NO_LABEL);
		ja(p, old); /* far: past a range block */
		bind(p, fixed);
		compute_range(p, 4, 2, W_ARG42, 0);
		range_block(p, in->keyed, in->code, m_keyed, m_code, old);
		bind(p, old);
		compute_range(p, 0, 1, W_ARG01, 0);
		ja(p, kf);
	}

	bind(p, p_munmap);
	compute_range(p, 0, 1, W_ARG01, 0);
	ja(p, kf);

	bind(p, p_mmap);
	l = new_label(p);
	ld_abs(p, OFF_LO(2));
	jmp(p, BPF_JSET, PROT_EXEC, NO_LABEL, l);
	ret(p, TRAP | R_EXEC);
	bind(p, l);
	l = new_label(p);
	ld_abs(p, OFF_LO(3));
	jmp(p, BPF_JSET, MAP_FIXED, l, NO_LABEL);
	ret(p, SECCOMP_RET_ALLOW);
	bind(p, l);
	compute_range(p, 0, 1, W_ARG01, 0);
	ja(p, kf);

	bind(p, p_mprotect);
	l = new_label(p);
	ld_abs(p, OFF_LO(2));
	jmp(p, BPF_JSET, PROT_EXEC, NO_LABEL, l);
	ret(p, TRAP | R_EXEC);
	bind(p, l);
	compute_range(p, 0, 1, W_ARG01, 1);
	ja(p, kf);

	bind(p, p_madvise);
	l = new_label(p);
	ld_abs(p, OFF_LO(2));
	for (unsigned i = 0;
	     i < sizeof(harmless_advice) / sizeof(harmless_advice[0]); i++)
		jmp(p, BPF_JEQ, harmless_advice[i], l, NO_LABEL);
	compute_range(p, 0, 1, W_ARG01, 0);
	ja(p, kf);
	bind(p, l);
	ret(p, SECCOMP_RET_ALLOW);

	bind(p, p_shmat);
	l = new_label(p);
	ld_abs(p, OFF_LO(2));
	jmp(p, BPF_JSET, SHM_REMAP | SHM_EXEC, NO_LABEL, l);
	ret(p, TRAP | R_SHM);
	bind(p, l);
	ret(p, SECCOMP_RET_ALLOW);

	bind(p, p_shmdt);
	compute_range(p, 0, -1, W_ARG0, 0);
	ja(p, kf);

	bind(p, p_sigaction);
	{
		int d = new_label(p), h = new_label(p), ok = new_label(p);

		ld_abs(p, OFF_LO(0));
		jmp(p, BPF_JEQ, SIGSYS, NO_LABEL, ok);
		ld_abs(p, OFF_LO(1));
		jmp(p, BPF_JEQ, 0, h, d);
		bind(p, h);
		ld_abs(p, OFF_HI(1));
		jmp(p, BPF_JEQ, 0, ok, d);
		bind(p, d);
		ret(p, TRAP | R_SIGSYS);
		bind(p, ok);
		ret(p, SECCOMP_RET_ALLOW);
	}

	bind(p, p_prctl);
	{
		int d = new_label(p), h = new_label(p), n = new_label(p);
		int ok = new_label(p);

		ld_abs(p, OFF_LO(0));
		jmp(p, BPF_JEQ, PR_SET_DUMPABLE, NO_LABEL, n);
		ld_abs(p, OFF_LO(1));
		jmp(p, BPF_JEQ, 0, h, d);
		bind(p, h);
		ld_abs(p, OFF_HI(1));
		jmp(p, BPF_JEQ, 0, ok, d);
		bind(p, d);
		ret(p, TRAP | R_DUMPABLE);
		bind(p, n);
		l = new_label(p);
		jmp(p, BPF_JEQ, PR_SET_SECCOMP, NO_LABEL, l);
		ret(p, TRAP | R_SECCOMP);
		bind(p, l);
		jmp(p, BPF_JEQ, PR_SET_MM, NO_LABEL, ok);
		ret(p, TRAP | R_PRCTL_MM);
		bind(p, ok);
		ret(p, SECCOMP_RET_ALLOW);
	}

	bind(p, p_personality);
	l = new_label(p);
	ld_abs(p, OFF_LO(0));
	jmp(p, BPF_JEQ, 0xffffffffu, l, NO_LABEL);
	jmp(p, BPF_JSET, READ_IMPLIES_EXEC, NO_LABEL, l);
	ret(p, TRAP | R_PERSONALITY);
	bind(p, l);
	ret(p, SECCOMP_RET_ALLOW);

	bind(p, p_altstack);
	{
		int d = new_label(p), h = new_label(p), ok = new_label(p);

		ld_abs(p, OFF_LO(0));
		jmp(p, BPF_JEQ, 0, h, d);
		bind(p, h);
		ld_abs(p, OFF_HI(0));
		jmp(p, BPF_JEQ, 0, ok, d);
		bind(p, d);
		ret(p, TRAP | R_ALTSTACK);
		bind(p, ok);
		ret(p, SECCOMP_RET_ALLOW);
	}

	/* The range blocks and what a match returns. */
	bind(p, kf);
	range_block(p, in->keyed, in->code, m_keyed, m_code, allow);
	bind(p, m_keyed);
	stmt(p, BPF_LD | BPF_MEM, M_RET);
	stmt(p, BPF_ALU | BPF_OR | BPF_K, R_KEYED);
	stmt(p, BPF_RET | BPF_A, 0);
	bind(p, m_code);
	stmt(p, BPF_LD | BPF_MEM, M_RET);
	stmt(p, BPF_ALU | BPF_OR | BPF_K, R_CODE);
	stmt(p, BPF_RET | BPF_A, 0);
	bind(p, allow);
	ret(p, SECCOMP_RET_ALLOW);
	return resolve(p);
}

/* ---------------------------------------------------------------------- */
/* The report                                                               */
/* ---------------------------------------------------------------------- */

/*
 * The handler runs with the PKRU the kernel gives signal handlers (key 0
 * only), on the thread's alternate stack if it has one. So it reads nothing
 * but its frame and this state, texts included (two pages of key 0, read
 * only once installed, in their own section, which the runtime must leave
 * with key 0), calls nothing but current_compartment(), and makes its
 * system calls itself (no libc: errno and the cancellation state live in
 * memory it may not read).
 */
enum {
	F_PREFIX, F_UNKNOWN, F_MADE, F_SYSCALL, F_FOREIGN, F_FOREIGN_END,
	F_X32, F_OPEN, F_CLOSE, F_KEYED, F_CODE, F_BYTES, F_DEST, F_EXEC,
	F_SHM, F_SIGSYS, F_DUMPABLE, F_SECCOMP, F_PRCTL_MM, F_PERSONALITY,
	F_ALTSTACK, F_REASON, F_NR
};

#define NR_NAMES 26

union flexcc_mpk_statepage {
	struct {
		const char *(*current_compartment)(const void *uc);
		int installed;
		struct {
			int nr;
			char name[20];
			char why[72];
		} names[NR_NAMES];
		char frag[F_NR][96];
		/* Per reason: its text, and whether the address (1) and
		 * the length (2) follow. */
		struct {
			unsigned char frag, show;
		} reason[R_MAX];
	} s;
	char page[STATE_SIZE];
};
_Static_assert(sizeof(((union flexcc_mpk_statepage *)0)->s) <= STATE_SIZE,
	       "the handler's state fits its pages");

#define WHY_KEYS "it changes protection keys"
#define WHY_FOREIGN "its accesses ignore protection keys"
#define WHY_URING "the kernel's accesses for it ignore protection keys"
__attribute__((section("flexcc_mpk_sigsys"), aligned(4096)))
static union flexcc_mpk_statepage state = { .s = {
	.names = {
		{ SYS_munmap, "munmap", "" },
		{ SYS_mmap, "mmap", "" },
		{ SYS_mprotect, "mprotect", "" },
		{ SYS_mremap, "mremap", "" },
		{ SYS_madvise, "madvise", "" },
		{ SYS_shmat, "shmat", "" },
		{ SYS_shmdt, "shmdt", "" },
		{ SYS_rt_sigaction, "rt_sigaction", "" },
		{ SYS_prctl, "prctl", "" },
		{ SYS_personality, "personality", "" },
		{ SYS_sigaltstack, "sigaltstack", "" },
		{ SYS_pkey_mprotect, "pkey_mprotect", WHY_KEYS },
		{ SYS_pkey_alloc, "pkey_alloc", WHY_KEYS },
		{ SYS_pkey_free, "pkey_free", WHY_KEYS },
		{ SYS_process_vm_readv, "process_vm_readv", WHY_FOREIGN },
		{ SYS_process_vm_writev, "process_vm_writev", WHY_FOREIGN },
		{ SYS_ptrace, "ptrace", WHY_FOREIGN },
		{ SYS_io_uring_setup, "io_uring_setup", WHY_URING },
		{ SYS_io_uring_enter, "io_uring_enter", WHY_URING },
		{ SYS_io_uring_register, "io_uring_register", WHY_URING },
		{ SYS_rt_sigreturn, "rt_sigreturn",
		  "outside the runtime's signal return, a forged frame could "
		  "set PKRU" },
		{ SYS_userfaultfd, "userfaultfd",
		  "it could supply the contents of protected memory" },
		{ SYS_remap_file_pages, "remap_file_pages",
		  "it remaps memory without its key" },
		{ SYS_process_madvise, "process_madvise",
		  "its advice could discard protected memory" },
		{ SYS_seccomp, "seccomp",
		  "a filter of its own could fake the runtime's system calls" },
		{ SYS_perf_event_open, "perf_event_open",
		  "its samples copy any compartment's registers and stack" },
	},
	.frag = {
		[F_PREFIX] = "flexcc: compartment '",
		[F_UNKNOWN] = "?",
		[F_MADE] = "' made a forbidden system call: ",
		[F_SYSCALL] = "system call ",
		[F_FOREIGN] = " through a foreign ABI (arch ",
		[F_FOREIGN_END] = ", e.g. int 0x80)",
		[F_X32] = "x32-ABI system call ",
		[F_OPEN] = " (",
		[F_CLOSE] = ")",
		[F_KEYED] = " of protected memory at ",
		[F_CODE] = " of code or runtime memory at ",
		[F_BYTES] = " bytes",
		[F_DEST] = ", as the destination",
		[F_EXEC] = " making executable memory (PROT_EXEC) at ",
		[F_SHM] = " with SHM_REMAP or SHM_EXEC",
		[F_SIGSYS] = " of SIGSYS (the runtime's handler)",
		[F_DUMPABLE] = "(PR_SET_DUMPABLE) (it would reopen "
			       "/proc/self/mem)",
		[F_SECCOMP] = "(PR_SET_SECCOMP) (a filter of its own could "
			      "fake the runtime's system calls)",
		[F_PRCTL_MM] = "(PR_SET_MM) (it rewrites the address-space "
			       "layout)",
		[F_PERSONALITY] = "(READ_IMPLIES_EXEC) (readable memory would "
				  "become executable)",
		[F_ALTSTACK] = " setting a stack (the kernel may write signal "
			       "frames there ignoring protection keys)",
		[F_REASON] = " (reason ",
	},
	.reason = {
		[R_KEYED] = { F_KEYED, 3 },
		[R_CODE] = { F_CODE, 3 },
		[R_EXEC] = { F_EXEC, 1 },
		[R_SHM] = { F_SHM, 0 },
		[R_SIGSYS] = { F_SIGSYS, 0 },
		[R_DUMPABLE] = { F_DUMPABLE, 0 },
		[R_SECCOMP] = { F_SECCOMP, 0 },
		[R_PRCTL_MM] = { F_PRCTL_MM, 0 },
		[R_PERSONALITY] = { F_PERSONALITY, 0 },
		[R_ALTSTACK] = { F_ALTSTACK, 0 },
	},
} };

struct flexcc_range flexcc_mpk_seccomp_state_page(void)
{
	struct flexcc_range r = { state.page, state.page + STATE_SIZE };
	return r;
}

/* No stack-protector canary: it is read from the thread's TCB. */
#if defined(__has_attribute)
#if __has_attribute(no_stack_protector)
#define NO_SSP __attribute__((no_stack_protector))
#endif
#endif
#ifndef NO_SSP
#define NO_SSP
#endif

struct buf {
	char b[400];
	size_t n;
};

/* Byte by byte through a volatile pointer: no call to memcpy. */
NO_SSP static void put(struct buf *b, const char *s)
{
	volatile char *d = b->b;

	while (s && *s && b->n < sizeof(b->b) - 1)
		d[b->n++] = *s++;
}

NO_SSP static void frag(struct buf *b, int f)
{
	put(b, state.s.frag[f]);
}

NO_SSP static void put_hex(struct buf *b, unsigned long v)
{
	char t[19];
	int i = (int)sizeof(t);

	t[--i] = 0;
	do {
		unsigned d = (unsigned)(v & 15);

		t[--i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v >>= 4;
	} while (v);
	t[--i] = 'x';
	t[--i] = '0';
	put(b, t + i);
}

NO_SSP static void put_dec(struct buf *b, long v)
{
	char t[24];
	int i = (int)sizeof(t);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	t[--i] = 0;
	do {
		t[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--i] = '-';
	put(b, t + i);
}

NO_SSP static long raw_syscall3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

NO_SSP static void on_sigsys(int sig, siginfo_t *si, void *ucv)
{
	const ucontext_t *uc = ucv;
	const greg_t *g = uc->uc_mcontext.gregs;
	unsigned data = (unsigned)si->si_errno;
	unsigned reason = data & 0xff, which = (data >> 8) & 0xf;
	const char *name = 0, *why = 0, *comp = 0;
	unsigned long addr, len;
	struct buf b;

	(void)sig;
	b.n = 0;
	if (state.s.current_compartment)
		comp = state.s.current_compartment(ucv);
	for (unsigned i = 0; i < NR_NAMES; i++)
		if (state.s.names[i].nr == si->si_syscall) {
			name = state.s.names[i].name;
			why = state.s.names[i].why;
		}
	if (which == W_ARG42) {
		addr = (unsigned long)g[REG_R8];
		len = (unsigned long)g[REG_RDX];
	} else {
		addr = (unsigned long)g[REG_RDI];
		len = (unsigned long)g[REG_RSI];
	}
	frag(&b, F_PREFIX);
	put(&b, comp ? comp : state.s.frag[F_UNKNOWN]);
	frag(&b, F_MADE);
	if (reason == R_ARCH) {
		frag(&b, F_SYSCALL);
		put_dec(&b, si->si_syscall);
		frag(&b, F_FOREIGN);
		put_hex(&b, si->si_arch);
		frag(&b, F_FOREIGN_END);
	} else if (reason == R_X32) {
		frag(&b, F_X32);
		put_hex(&b, (unsigned long)(unsigned)si->si_syscall);
	} else {
		if (name) {
			put(&b, name);
		} else {
			frag(&b, F_SYSCALL);
			put_dec(&b, si->si_syscall);
		}
		/* A table, not a switch: a jump table would be in .rodata. */
		if (reason == R_FORBIDDEN) {
			frag(&b, F_OPEN);
			put(&b, why);
			frag(&b, F_CLOSE);
		} else if (reason < R_MAX && state.s.reason[reason].frag) {
			unsigned show = state.s.reason[reason].show;

			frag(&b, state.s.reason[reason].frag);
			if (show & 1)
				put_hex(&b, addr);
			if ((show & 2) && which != W_ARG0) {
				frag(&b, F_OPEN);
				put_hex(&b, len);
				frag(&b, F_BYTES);
				if (which == W_ARG42)
					frag(&b, F_DEST);
				frag(&b, F_CLOSE);
			}
		} else {
			frag(&b, F_REASON);
			put_dec(&b, reason);
			frag(&b, F_CLOSE);
		}
	}
	((volatile char *)b.b)[b.n++] = '\n';
	for (size_t o = 0; o < b.n;) {
		long w = raw_syscall3(SYS_write, 2, (long)(b.b + o),
				      (long)(b.n - o));

		if (w <= 0)
			break;
		o += (size_t)w;
	}
	for (;;)
		raw_syscall3(SYS_exit_group, 70, 0, 0);
}

/* ---------------------------------------------------------------------- */
/* Install                                                                  */
/* ---------------------------------------------------------------------- */

struct work {
	struct rset keyed, code;
	struct prog prog;
	struct sock_filter insn[MAX_INSNS];
};

int flexcc_mpk_seccomp_install(const struct flexcc_mpk_filter *f)
{
	struct build_in in;
	struct work *w;
	struct sigaction sa;
	int rc = 0, pers;

	if (state.s.installed)
		return -EALREADY;
	pers = personality(0xffffffff);
	if (pers != -1 && (pers & READ_IMPLIES_EXEC))
		return -EPERM;
	/* Scratch for the program, which holds the token: unmapped after. */
	w = mmap(0, sizeof(*w), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		return -ENOMEM;
	memset(&w->keyed, 0, sizeof(w->keyed));
	memset(&w->code, 0, sizeof(w->code));
	for (unsigned i = 0; !rc && i < f->nr_keyed; i++)
		rc = add_range(&w->keyed, (uintptr_t)f->keyed[i].start,
			       (uintptr_t)f->keyed[i].end);
	for (unsigned i = 0; !rc && i < f->nr_code; i++)
		rc = add_range(&w->code, (uintptr_t)f->code[i].start,
			       (uintptr_t)f->code[i].end);
	if (!rc)
		rc = add_range(&w->code, (uintptr_t)flexcc_mpk_tokpage.page,
			       (uintptr_t)flexcc_mpk_tokpage.page + PAGE);
	if (!rc)
		rc = add_range(&w->code, (uintptr_t)state.page,
			       (uintptr_t)state.page + STATE_SIZE);
	if (rc)
		goto out;
	normalise(&w->keyed);
	normalise(&w->code);

	do {
		if (getrandom(&flexcc_mpk_tokpage.word,
			      sizeof(flexcc_mpk_tokpage.word), 0) !=
		    (ssize_t)sizeof(flexcc_mpk_tokpage.word)) {
			rc = errno == EINTR ? 0 : -errno;
			if (rc)
				goto out;
			continue;
		}
	} while (!flexcc_mpk_tokpage.word);
	in.keyed = &w->keyed;
	in.code = &w->code;
	if (f->trusted.start || f->trusted.end) {
		in.ts = (uintptr_t)f->trusted.start;
		in.te = (uintptr_t)f->trusted.end;
	} else {
		in.ts = (uintptr_t)__start_flexcc_mpk_gates;
		in.te = (uintptr_t)__stop_flexcc_mpk_gates;
	}
	in.token = flexcc_mpk_tokpage.word;
	w->prog.insn = w->insn;
	rc = build(&w->prog, &in);
	in.token = 0;
	if (rc)
		goto out;

	/* The handler and its state, then the filter. */
	state.s.current_compartment = f->current_compartment;
	state.s.installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, 0) ||
	    mprotect(state.page, STATE_SIZE, PROT_READ) ||
	    mprotect(flexcc_mpk_tokpage.page, PAGE, PROT_READ) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) {
		rc = -errno;
		goto out;
	}
	{
		struct sock_fprog fp = { (unsigned short)w->prog.n, w->insn };
		long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				 SECCOMP_FILTER_FLAG_TSYNC, &fp);

		if (r < 0)
			rc = -errno;
		else if (r > 0)
			rc = -EAGAIN; /* thread r could not be synchronised */
	}
out:
	explicit_bzero(w, sizeof(*w)); /* the token is in the program */
	munmap(w, sizeof(*w));
	return rc;
}
