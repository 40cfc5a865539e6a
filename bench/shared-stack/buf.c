/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The measured function: fills a 64-byte stack buffer and reads it back.
 * Compiled three times (bench/shared-stack/run-shared-stack): as it is (a
 * plain stack buffer), and as flexcc rewrite --sharing=dss / --sharing=heap
 * writes it, with __FLEXCC_ISOLATED__ defined as for an mpk/ept object.
 * BENCH_FN names each copy.
 */
#include <flexos.h>

#ifndef BENCH_FN
#define BENCH_FN bench_plain
#endif

int BENCH_FN(int seed);

__attribute__((noinline)) int BENCH_FN(int seed)
{
	char buf[64] __flexos_shared;
	int i, sum = 0;

	for (i = 0; i < 64; i++)
		buf[i] = (char)(seed + i);
	/* The buffer escapes: every store must be made and every load done. */
	__asm__ volatile("" : : "r"(buf) : "memory");
	for (i = 0; i < 64; i++)
		sum += buf[i];
	return sum;
}
