/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The calls that bench/mpk-gate counts (run-mpk-gate; traced from outside
 * by trace.c under QEMU): each twice, in this order, so that the second
 * call of each is warm (the thread's gate state attached):
 *
 *   plain  a noinline call in the same compartment
 *   f0     flexos_gate(libsvc, f0): int f0(void), in compartment service
 *   f6     flexos_gate(libsvc, f6, ...): long f6(long x 6), idem
 *
 * Prints the results, so that the calls cannot be dropped.
 */
#include "../svc/svc.h"

#include <stdio.h>

static volatile long seed = 1;

__attribute__((noinline)) long plain(long a)
{
	return a + 1;
}

int main(void)
{
	long sum = 0;
	for (int i = 0; i < 2; ++i)
		sum += plain(seed);
	for (int i = 0; i < 2; ++i)
		sum += flexos_gate(libsvc, f0);
	for (int i = 0; i < 2; ++i) {
		long s = seed;
		sum += flexos_gate(libsvc, f6, s, s + 1, s + 2, s + 3, s + 4,
				   s + 5);
	}
	printf("sum=%ld\n", sum);
	return sum == 2 * 2 + 2 * 42 + 2 * 91 ? 0 : 1;
}
