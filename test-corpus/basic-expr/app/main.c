/* SPDX-License-Identifier: Apache-2.0 */
/* Gates as expressions: every operand position a call can take. */
#include <stdio.h>
#include <flexos.h>
#include "../calc/calc.h"

int main(void)
{
	int a, b, c;
	long l;
	unsigned m;
	int arr[4] = { 0, 0, 0, 0 };
	size_t sz;

	a = flexos_gate(libcalc, calc_add, 2, 3);
	b = flexos_gate(libcalc, calc_mul, a, 4) + 1;
	b += flexos_gate(calc, calc_add, b, -1);
	l = -flexos_gate(libcalc, calc_neg, (long)b);
	m = flexos_gate(libcalc, calc_mask, 0xffu, 4) ? 1u : 0u;
	arr[flexos_gate(libcalc, calc_add, 1, 1)] = 7;
	c = (flexos_gate(libcalc, calc_add, 1, 2), flexos_gate(libcalc, calc_mul, 3, 3));
	flexos_gate(libcalc, calc_add, 0, 0);
	l += (int)flexos_gate(libcalc, calc_neg, 5L) * flexos_gate(libcalc, calc_mul, 2, 2);
	sz = sizeof(flexos_gate(libcalc, calc_neg, 1L));

	printf("a=%d b=%d c=%d\n", a, b, c);
	printf("l=%ld m=%u arr[2]=%d\n", l, m, arr[2]);
	printf("sizeof=%d\n", (int)sz == (int)sizeof(long));
	printf("inline=%d\n", flexos_gate(libcalc, calc_add, 40, 2));
	printf("mask=%u\n",
	       flexos_gate(libcalc, calc_mask,
			   0x1234u,
			   8));

	return a == 5 && b == 41 && c == 9 ? 0 : 1;
}
