/* SPDX-License-Identifier: Apache-2.0 */
/* Floating-point arguments and results through gates. */
#include <stdio.h>
#include <flexos.h>
#include "../fp/fp.h"

int main(void)
{
	float samples[] = { 1.5f, 2.5f, 3.0f, 5.0f };
	double h = flexos_gate(libfp, fp_hypot2, 3.0, 4.0);
	float s = flexos_gate(libfp, fp_scale, 1.25f, 4);
	double m = flexos_gate(libfp, fp_mix, 1, 0.25, 0.5f, 100L);
	double p = flexos_gate(libfp, fp_poly, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9);
	long n = flexos_gate(libfp, fp_many_ints, 1, 2, 3, 4, 5, 6, 7, 8);

	printf("hypot2=%.3f scale=%.3f mix=%.3f\n", h, (double)s, m);
	printf("avg=%.4f\n", (double)flexos_gate(libfp, fp_avg, samples, 4));
	printf("poly=%.6f many=%ld\n", p, n);
	printf("half=%.2f int-to-double=%.2f\n", (double)flexos_gate(libfp, fp_half),
	       flexos_gate(libfp, fp_hypot2, 1, 2));
	return h == 25.0 && n == 204 ? 0 : 1;
}
