/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include "evil.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* The gate flexcc generated for main's call of evil_run: its code is
 * readable (and executable) by every compartment. */
extern const unsigned char __flexcc_gate__main__evil__evil_run[];

int evil_run(int mode)
{
	const unsigned char *p = __flexcc_gate__main__evil__evil_run;
	int i;

	if (mode == 3) {
		/* Unmap main's data (mapping fresh memory there would give it
		 * key 0): the seccomp filter stops it. */
		long pg = sysconf(_SC_PAGESIZE);
		extern char __flexos_main_data_start[];
		munmap((void *)((unsigned long)__flexos_main_data_start & ~(pg - 1)),
		       (size_t)pg);
		puts("the attack was not stopped");
		return 1;
	}
	if (mode == 4) {
		/* Give main's data our key. */
		extern char __flexos_main_data_start[];
		pkey_mprotect(__flexos_main_data_start, 4096,
			      PROT_READ | PROT_WRITE, 3);
		puts("the attack was not stopped");
		return 1;
	}

	for (i = 0; i < 256; i++)
		if (p[i] == 0x0f && p[i + 1] == 0x01 && p[i + 2] == 0xef)
			break;
	if (i == 256) {
		puts("no WRPKRU in the gate");
		return 1;
	}
	if (mode == 1) {
		/* WRPKRU(0), then the gate's own check. */
		__asm__ volatile("xorl %%eax, %%eax\n\t"
				 "xorl %%ecx, %%ecx\n\t"
				 "xorl %%edx, %%edx\n\t"
				 "jmp *%0" ::"r"(p + i)
				 : "rax", "rcx", "rdx", "memory");
	} else {
		/* Past WRPKRU and its check, to the gate's load of the gate
		 * state (mov %fs:..., %rbx: 64 48 8b): the gate then writes the
		 * state with our rights. */
		int j;
		for (j = i + 3; j < i + 32; j++)
			if (p[j] == 0x64 && p[j + 1] == 0x48 && p[j + 2] == 0x8b)
				break;
		__asm__ volatile("jmp *%0" ::"r"(p + j)
				 : "rax", "rcx", "rdx", "rbx", "rbp", "memory");
	}
	puts("the attack was not stopped");
	return 1;
}
