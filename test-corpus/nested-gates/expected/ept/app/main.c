/* SPDX-License-Identifier: Apache-2.0 */
/* Gates nested in the arguments of other gates. */
#include <stdio.h>
#include <flexos.h>
#include "../math/math.h"
#include "../fmt/fmt.h"

int app_twice(int v);

int app_twice(int v)
{
	return 2 * v;
}

extern __typeof__(math_add) __flexcc_gate__main__mathc__math_add; extern __typeof__(math_mul) __flexcc_gate__main__mathc__math_mul; extern __typeof__(math_sq) __flexcc_gate__main__mathc__math_sq; extern __typeof__(fmt_pair) __flexcc_gate__main__fmtc__fmt_pair; extern __typeof__(fmt_width) __flexcc_gate__main__fmtc__fmt_width; int main(void)
{
	int a, b, c;

	a = __flexcc_gate__main__mathc__math_add(__flexcc_gate__main__mathc__math_mul(2, 3),
			__flexcc_gate__main__mathc__math_mul(4, 5));
	b = __flexcc_gate__main__mathc__math_add(
			__flexcc_gate__main__mathc__math_mul(
				    __flexcc_gate__main__mathc__math_add(1, 1),
				    __flexcc_gate__main__mathc__math_sq(3)),
			1);
	c = __flexcc_gate__main__mathc__math_add(app_twice(3), 1);

	printf("%s\n", __flexcc_gate__main__fmtc__fmt_pair(__FLEXOS_SHARED_STR("a"), a));
	printf("%s\n", __flexcc_gate__main__fmtc__fmt_pair(__FLEXOS_SHARED_STR("b"), __flexcc_gate__main__mathc__math_add(b, 0)));
	printf("%s %s\n", __flexcc_gate__main__fmtc__fmt_pair(__FLEXOS_SHARED_STR("c"), c),
	       __flexcc_gate__main__fmtc__fmt_pair(__FLEXOS_SHARED_STR("w"), __flexcc_gate__main__fmtc__fmt_width(__flexcc_gate__main__mathc__math_mul(a, 1000))));
	return a == 26 && b == 19 && c == 7 ? 0 : 1;
}
