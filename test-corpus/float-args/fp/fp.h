/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FP_H
#define FP_H

#include <flexos.h>

double fp_hypot2(double x, double y);
float fp_scale(float v, float k);
double fp_mix(int i, double d, float f, long l);
float fp_avg(const float *v __flexos_in(n * sizeof(*v)), int n);
double fp_poly(double x, double c0, double c1, double c2, double c3, double c4,
	       double c5, double c6, double c7, double c8);
long fp_many_ints(int a, int b, int c, int d, int e, int f, int g, int h);
float fp_half(void);

#endif /* FP_H */
