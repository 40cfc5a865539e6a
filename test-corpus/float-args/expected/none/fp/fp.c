/* SPDX-License-Identifier: Apache-2.0 */
#include "fp.h"

double fp_hypot2(double x, double y)
{
	return x * x + y * y;
}

float fp_scale(float v, float k)
{
	return v * k;
}

double fp_mix(int i, double d, float f, long l)
{
	return i + d + f + (double)l;
}

float fp_avg(const float *v, int n)
{
	float s = 0.0f;

	for (int i = 0; i < n; i++)
		s += v[i];
	return n ? s / (float)n : 0.0f;
}

double fp_poly(double x, double c0, double c1, double c2, double c3, double c4,
	       double c5, double c6, double c7, double c8)
{
	return c0 + x * (c1 + x * (c2 + x * (c3 + x * (c4 + x * (c5 + x * (c6 + x * (c7 + x * c8)))))));
}

long fp_many_ints(int a, int b, int c, int d, int e, int f, int g, int h)
{
	return a + 2L * b + 3L * c + 4L * d + 5L * e + 6L * f + 7L * g + 8L * h;
}

float fp_half(void)
{
	return 0.5f;
}
