/* SPDX-License-Identifier: Apache-2.0 */
/* Floating-point arguments and results through gates. */
#include <stdio.h>
#include <flexos.h>
#include "../fp/fp.h"

extern __typeof__(fp_hypot2) __flexcc_gate__main__fpc__fp_hypot2; extern __typeof__(fp_scale) __flexcc_gate__main__fpc__fp_scale; extern __typeof__(fp_mix) __flexcc_gate__main__fpc__fp_mix; extern __typeof__(fp_poly) __flexcc_gate__main__fpc__fp_poly; extern __typeof__(fp_many_ints) __flexcc_gate__main__fpc__fp_many_ints; extern __typeof__(fp_avg) __flexcc_gate__main__fpc__fp_avg; extern __typeof__(fp_half) __flexcc_gate__main__fpc__fp_half; int main(void)
{
	float samples[] = { 1.5f, 2.5f, 3.0f, 5.0f };
	double h = __flexcc_gate__main__fpc__fp_hypot2(3.0, 4.0);
	float s = __flexcc_gate__main__fpc__fp_scale(1.25f, 4);
	double m = __flexcc_gate__main__fpc__fp_mix(1, 0.25, 0.5f, 100L);
	double p = __flexcc_gate__main__fpc__fp_poly(0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9);
	long n = __flexcc_gate__main__fpc__fp_many_ints(1, 2, 3, 4, 5, 6, 7, 8);

	printf("hypot2=%.3f scale=%.3f mix=%.3f\n", h, (double)s, m);
	printf("avg=%.4f\n", (double)__flexcc_gate__main__fpc__fp_avg(samples, 4));
	printf("poly=%.6f many=%ld\n", p, n);
	printf("half=%.2f int-to-double=%.2f\n", (double)__flexcc_gate__main__fpc__fp_half(),
	       __flexcc_gate__main__fpc__fp_hypot2(1, 2));
	return h == 25.0 && n == 204 ? 0 : 1;
}
