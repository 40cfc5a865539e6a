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

	m = MAX(math_mul(3, 4), 10);
	t = TWICE(counter_next());
	printf("max=%d twice=%d\n", m, t);
	printf("nested=%d\n", MAX(MAX(math_add(1, 2), 4),
				 math_mul(2, 2)));
	printf("identity=%d\n", IDENTITY(math_add(20, 22)));
	printf("apply=%d\n", APPLY(abs, math_mul(-6, 7)));
	printf("forward=%d\n", FORWARD(math_add(-5, 2)));
	CHECK(math_add(1, 1) == 2);
	CHECK(counter_next() == 3);
	printf("counter=%d failures=%d\n", counter_next(), failures);
	return failures;
}
