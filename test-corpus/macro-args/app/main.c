/* SPDX-License-Identifier: Apache-2.0 */
/* Gates inside macro arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <flexos.h>
#include "../math/math.h"
#include "../counter/counter.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define TWICE(e) ((e) + (e))
#define IDENTITY(e) e
#define APPLY(f, x) f(x)
#define FORWARD(x) IDENTITY(MAX((x), 0))
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("check failed: %s\n", #cond);                   \
			failures++;                                            \
		}                                                              \
	} while (0)

int main(void)
{
	int failures = 0;
	int m, t;

	m = MAX(flexos_gate(libmath, math_mul, 3, 4), 10);
	t = TWICE(flexos_gate(libcounter, counter_next));
	printf("max=%d twice=%d\n", m, t);
	printf("nested=%d\n", MAX(MAX(flexos_gate(libmath, math_add, 1, 2), 4),
				 flexos_gate(libmath, math_mul, 2, 2)));
	printf("identity=%d\n", IDENTITY(flexos_gate(libmath, math_add, 20, 22)));
	printf("apply=%d\n", APPLY(abs, flexos_gate(libmath, math_mul, -6, 7)));
	printf("forward=%d\n", FORWARD(flexos_gate(libmath, math_add, -5, 2)));
	CHECK(flexos_gate(libmath, math_add, 1, 1) == 2);
	CHECK(flexos_gate(libcounter, counter_next) == 3);
	printf("counter=%d failures=%d\n", flexos_gate(libcounter, counter_next), failures);
	return failures;
}
