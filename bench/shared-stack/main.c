/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cost of a shared stack buffer: bench_plain (a plain local), bench_dss
 * (the buffer on the data shadow stack) and bench_heap (a shared-heap block
 * per call), timed interleaved in one run. Each round times CALLS calls of
 * each variant with clock_gettime and rdtsc; the median of the rounds is
 * reported. Usage: shared-stack-bench [rounds]
 */
#define _GNU_SOURCE
#include <flexcc/dss.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

#define CALLS 200000
#define MAX_ROUNDS 1001

int bench_plain(int seed);
int bench_dss(int seed);
int bench_heap(int seed);

static volatile int sink;

static const struct variant {
	const char *name;
	int (*fn)(int);
} variants[] = {
	{ "shared-stack-plain", bench_plain },
	{ "shared-stack-dss", bench_dss },
	{ "shared-stack-heap", bench_heap },
};
#define NV (sizeof(variants) / sizeof(variants[0]))

static double ns[NV][MAX_ROUNDS], cyc[NV][MAX_ROUNDS];

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 101;
	double med_ns[NV], med_cyc[NV];
	size_t v;
	int r, i, acc = 0;

	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 101;
	if (flexcc_dss_init() != 0)
		return 1;
	for (v = 0; v < NV; v++) /* warm-up */
		for (i = 0; i < CALLS; i++)
			acc += variants[v].fn(i);
	for (r = 0; r < rounds; r++) {
		for (v = 0; v < NV; v++) {
			/* Rotate the order each round. */
			size_t k = (v + (size_t)r) % NV;
			double t0 = now_ns();
			uint64_t c0 = __rdtsc();

			for (i = 0; i < CALLS; i++)
				acc += variants[k].fn(i);
			cyc[k][r] = (double)(__rdtsc() - c0) / CALLS;
			ns[k][r] = (now_ns() - t0) / CALLS;
		}
	}
	sink = acc;
	for (v = 0; v < NV; v++) {
		med_ns[v] = median(ns[v], rounds);
		med_cyc[v] = median(cyc[v], rounds);
	}
	printf("%-20s %10s %12s %8s\n", "variant", "ns/call", "cycles/call",
	       "ratio");
	for (v = 0; v < NV; v++)
		printf("%-20s %10.2f %12.1f %8.2f\n", variants[v].name, med_ns[v],
		       med_cyc[v], med_ns[v] / med_ns[0]);
	printf("dss/plain %.2f, heap/plain %.2f (ns); %d rounds of %d calls\n",
	       med_ns[1] / med_ns[0], med_ns[2] / med_ns[0], rounds, CALLS);
	for (v = 0; v < NV; v++) {
		double ratio = med_ns[v] / med_ns[0];

		printf("BENCH name=%s ns_per_call=%.2f cycles_per_call=%.1f "
		       "ratio_vs_plain=%.2f",
		       variants[v].name, med_ns[v], med_cyc[v], ratio);
		if (v == 1)
			printf(" target=<=2 %s", ratio <= 2 ? "PASS" : "FAIL");
		printf(" rounds=%d calls=%d\n", rounds, CALLS);
	}
	return 0;
}
