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

extern __typeof__(math_mul) __flexcc_gate__main__mathc__math_mul; extern __typeof__(counter_next) __flexcc_gate__main__counterc__counter_next; extern __typeof__(math_add) __flexcc_gate__main__mathc__math_add; int main(void)
{
	int failures = 0;
	int m, t;

	m = MAX(__flexcc_gate__main__mathc__math_mul(3, 4), 10);
	t = TWICE(__flexcc_gate__main__counterc__counter_next());
	printf("max=%d twice=%d\n", m, t);
	printf("nested=%d\n", MAX(MAX(__flexcc_gate__main__mathc__math_add(1, 2), 4),
				 __flexcc_gate__main__mathc__math_mul(2, 2)));
	printf("identity=%d\n", IDENTITY(__flexcc_gate__main__mathc__math_add(20, 22)));
	printf("apply=%d\n", APPLY(abs, __flexcc_gate__main__mathc__math_mul(-6, 7)));
	printf("forward=%d\n", FORWARD(__flexcc_gate__main__mathc__math_add(-5, 2)));
	CHECK(__flexcc_gate__main__mathc__math_add(1, 1) == 2);
	CHECK(__flexcc_gate__main__counterc__counter_next() == 3);
	printf("counter=%d failures=%d\n", __flexcc_gate__main__counterc__counter_next(), failures);
	return failures;
}
