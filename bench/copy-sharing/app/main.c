/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cost copy sharing adds to a gate: gates to the same small function,
 * without a copy and with copies of 64 bytes and 4 KiB in and out and of a
 * 32-byte string, timed interleaved in one run (the median of the rounds).
 * Built as an mpk image against a runtime whose gates switch nothing
 * (tests/loopback/mpk.c), so what differs between the variants is the copy
 * sharing alone. Usage: copy-bench [rounds]
 */
#include "../lib/lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CALLS 100000
#define MAX_ROUNDS 1001

static unsigned char buf[4096];
static const char str[] = "a string of thirty-one letters.";
static volatile long sink;

static void gate_plain(unsigned long n)
{
	sink += flexos_gate(liblib, touch_plain, buf, n);
}
static void gate_in(unsigned long n)
{
	sink += flexos_gate(liblib, touch_in, buf, n);
}
static void gate_out(unsigned long n)
{
	sink += flexos_gate(liblib, touch_out, buf, n);
}
static void gate_string(unsigned long n)
{
	(void)n;
	sink += flexos_gate(liblib, touch_string, str);
}

static const struct variant {
	const char *name;
	void (*fn)(unsigned long);
	unsigned long n;
} variants[] = {
	{ "gate-no-copy", gate_plain, 64 },
	{ "gate-in-64", gate_in, 64 },
	{ "gate-out-64", gate_out, 64 },
	{ "gate-in-4096", gate_in, 4096 },
	{ "gate-out-4096", gate_out, 4096 },
	{ "gate-string-32", gate_string, 32 },
};
#define NV (sizeof(variants) / sizeof(variants[0]))

static double ns[NV][MAX_ROUNDS];

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 51;
	double base;

	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 51;
	memset(buf, 7, sizeof(buf));
	for (int r = 0; r < rounds; r++)
		for (size_t v = 0; v < NV; v++) {
			double t0 = now_ns();

			for (int i = 0; i < CALLS; i++)
				variants[v].fn(variants[v].n);
			ns[v][r] = (now_ns() - t0) / CALLS;
		}
	for (size_t v = 0; v < NV; v++)
		qsort(ns[v], (size_t)rounds, sizeof(double), cmp);
	base = ns[0][rounds / 2];
	for (size_t v = 0; v < NV; v++) {
		double m = ns[v][rounds / 2];

		printf("copy-sharing %-15s %7.2f ns/call  +%6.2f ns over a gate "
		       "without copy\n",
		       variants[v].name, m, m - base);
	}
	for (size_t v = 1; v < NV; v++)
		printf("BENCH name=copy-sharing-%s ns_per_call=%.2f "
		       "extra_ns=%.2f rounds=%d calls=%d\n",
		       variants[v].name, ns[v][rounds / 2],
		       ns[v][rounds / 2] - base, rounds, CALLS);
	return 0;
}
