/* SPDX-License-Identifier: Apache-2.0 */
/*
 * entry.S - the mpk runtime's assembly (mpk.c says how it fits together).
 *
 * Everything here that writes PKRU lives in the section flexcc_mpk_gates,
 * with the generated gates: the only places of the image where the
 * link-time scan accepts a WRPKRU. Each WRPKRU writes an immediate and is
 * followed by a check of it, so that a jump to it with another value in eax
 * ends the image (__flexcc_mpk_gate_fault).
 */
#define FLEXCC_MPK_NSIG 65 /* as in flexcc/backend.h */

	.section .note.GNU-stack, "", @progbits

	.section flexcc_mpk_gates, "ax", @progbits

/*
 * __flexcc_mpk_attach: called by a gate whose thread has no gate state yet
 * (rbx: what __flexcc_mpk_self holds). Runs with the runtime's key
 * writable, on the caller's stack; keeps every register but rax and the
 * flags, as the gate still has its arguments in them.
 */
	.globl __flexcc_mpk_attach
	.hidden __flexcc_mpk_attach
	.type __flexcc_mpk_attach, @function
	.p2align 4
__flexcc_mpk_attach:
	pushq %rbp
	movq %rsp, %rbp
	andq $-16, %rsp
	subq $192, %rsp
	movq %rdi, 0(%rsp)
	movq %rsi, 8(%rsp)
	movq %rdx, 16(%rsp)
	movq %rcx, 24(%rsp)
	movq %r8, 32(%rsp)
	movq %r9, 40(%rsp)
	movq %r10, 48(%rsp)
	movq %r11, 56(%rsp)
	movdqa %xmm0, 64(%rsp)
	movdqa %xmm1, 80(%rsp)
	movdqa %xmm2, 96(%rsp)
	movdqa %xmm3, 112(%rsp)
	movdqa %xmm4, 128(%rsp)
	movdqa %xmm5, 144(%rsp)
	movdqa %xmm6, 160(%rsp)
	movdqa %xmm7, 176(%rsp)
	movq %rbx, %rdi
	call __flexcc_mpk_attach_thread
	movq 0(%rsp), %rdi
	movq 8(%rsp), %rsi
	movq 16(%rsp), %rdx
	movq 24(%rsp), %rcx
	movq 32(%rsp), %r8
	movq 40(%rsp), %r9
	movq 48(%rsp), %r10
	movq 56(%rsp), %r11
	movdqa 64(%rsp), %xmm0
	movdqa 80(%rsp), %xmm1
	movdqa 96(%rsp), %xmm2
	movdqa 112(%rsp), %xmm3
	movdqa 128(%rsp), %xmm4
	movdqa 144(%rsp), %xmm5
	movdqa 160(%rsp), %xmm6
	movdqa 176(%rsp), %xmm7
	movq %rbp, %rsp
	popq %rbp
	ret
	.size __flexcc_mpk_attach, . - __flexcc_mpk_attach

/*
 * __flexcc_mpk_sigenter_<i>(sig, info, uc): runs compartment i's handler of
 * signal sig with i's rights, then drops every right but key 0's before it
 * returns (to the runtime's signal entry, then to the kernel's sigreturn,
 * which restores the interrupted PKRU). Called with no compartment's rights
 * (a signal handler starts with the kernel's default PKRU). A jump to one
 * from a compartment runs a handler that compartment i registered, as a
 * signal would, and gives back less than it had.
 */
	.macro sigenter i
	.globl __flexcc_mpk_sigenter_\i
	.hidden __flexcc_mpk_sigenter_\i
	.type __flexcc_mpk_sigenter_\i, @function
	.p2align 4
__flexcc_mpk_sigenter_\i:
	cmpl $FLEXCC_MPK_NSIG, %edi
	jae 9f
	movq %rsi, %r10
	movq %rdx, %r11
	movl $(0xfffffffc & ~(3 << (2 * \i + 4))), %eax
	xorl %ecx, %ecx
	xorl %edx, %edx
	wrpkru
	cmpl $(0xfffffffc & ~(3 << (2 * \i + 4))), %eax
	jne 8f
	movq %r10, %rsi
	movq %r11, %rdx
	movq __flexcc_mpk_handler_tables@GOTPCREL(%rip), %rax
	movq 8 * \i(%rax), %rax
	movslq %edi, %rcx
	movq (%rax,%rcx,8), %rax
	testq %rax, %rax
	jz 9f
	subq $8, %rsp
	call *%rax
	addq $8, %rsp
	movl $0xfffffffc, %eax
	xorl %ecx, %ecx
	xorl %edx, %edx
	wrpkru
	cmpl $0xfffffffc, %eax
	jne 8f
	ret
8:	movl %eax, %esi
	leaq .Lsigenter_name(%rip), %rdi
	jmp __flexcc_mpk_gate_fault
9:	movl $0xfffffffc, %eax
	xorl %ecx, %ecx
	xorl %edx, %edx
	wrpkru
	cmpl $0xfffffffc, %eax
	jne 8b
	ret
	.size __flexcc_mpk_sigenter_\i, . - __flexcc_mpk_sigenter_\i
	.endm

	.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
	sigenter \i
	.endr

	.section .data.rel.ro, "aw", @progbits
	.p2align 3
	.globl __flexcc_mpk_sigenters
	.hidden __flexcc_mpk_sigenters
__flexcc_mpk_sigenters:
	.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
	.quad __flexcc_mpk_sigenter_\i
	.endr
	.size __flexcc_mpk_sigenters, . - __flexcc_mpk_sigenters
	.section .rodata.str1.1, "aMS", @progbits, 1
.Lsigenter_name:
	.asciz "the signal entry"
