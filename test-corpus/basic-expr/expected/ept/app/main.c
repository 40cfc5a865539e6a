/* SPDX-License-Identifier: Apache-2.0 */
/* Gates as expressions: every operand position a call can take. */
#include <stdio.h>
#include <flexos.h>
#include "../calc/calc.h"

extern __typeof__(calc_add) __flexcc_gate__main__calcc__calc_add; extern __typeof__(calc_mul) __flexcc_gate__main__calcc__calc_mul; extern __typeof__(calc_neg) __flexcc_gate__main__calcc__calc_neg; extern __typeof__(calc_mask) __flexcc_gate__main__calcc__calc_mask; int main(void)
{
	int a, b, c;
	long l;
	unsigned m;
	int arr[4] = { 0, 0, 0, 0 };
	size_t sz;

	a = __flexcc_gate__main__calcc__calc_add(2, 3);
	b = __flexcc_gate__main__calcc__calc_mul(a, 4) + 1;
	b += __flexcc_gate__main__calcc__calc_add(b, -1);
	l = -__flexcc_gate__main__calcc__calc_neg((long)b);
	m = __flexcc_gate__main__calcc__calc_mask(0xffu, 4) ? 1u : 0u;
	arr[__flexcc_gate__main__calcc__calc_add(1, 1)] = 7;
	c = (__flexcc_gate__main__calcc__calc_add(1, 2), __flexcc_gate__main__calcc__calc_mul(3, 3));
	__flexcc_gate__main__calcc__calc_add(0, 0);
	l += (int)__flexcc_gate__main__calcc__calc_neg(5L) * __flexcc_gate__main__calcc__calc_mul(2, 2);
	sz = sizeof(__flexcc_gate__main__calcc__calc_neg(1L));

	printf("a=%d b=%d c=%d\n", a, b, c);
	printf("l=%ld m=%u arr[2]=%d\n", l, m, arr[2]);
	printf("sizeof=%d\n", (int)sz == (int)sizeof(long));
	printf("inline=%d\n", __flexcc_gate__main__calcc__calc_add(40, 2));
	printf("mask=%u\n",
	       __flexcc_gate__main__calcc__calc_mask(
			   0x1234u,
			   8));

	return a == 5 && b == 41 && c == 9 ? 0 : 1;
}
