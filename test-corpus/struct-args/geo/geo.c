/* SPDX-License-Identifier: Apache-2.0 */
#include "geo.h"

struct vec geo_add(struct vec a, struct vec b)
{
	struct vec r = { a.x + b.x, a.y + b.y };

	return r;
}

int geo_area(struct rect r)
{
	return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y);
}

void geo_scale(struct vec *v, int k)
{
	v->x *= k;
	v->y *= k;
}

struct rect geo_bound(const struct vec *pts, size_t n)
{
	struct rect r = { pts[0], pts[0] };

	for (size_t i = 1; i < n; i++) {
		if (pts[i].x < r.lo.x)
			r.lo.x = pts[i].x;
		if (pts[i].y < r.lo.y)
			r.lo.y = pts[i].y;
		if (pts[i].x > r.hi.x)
			r.hi.x = pts[i].x;
		if (pts[i].y > r.hi.y)
			r.hi.y = pts[i].y;
	}
	return r;
}

struct tag geo_tag(struct tag t, char suffix)
{
	if (t.len + 1u < sizeof(t.text)) {
		t.text[t.len++] = suffix;
		t.text[t.len] = '\0';
	}
	return t;
}

union num geo_flip(union num n)
{
	n.u = ~n.u;
	return n;
}

double geo_diag2(size2d s)
{
	return s.w * s.w + s.h * s.h;
}

int geo_sum_rows(const int *const *rows, int nrows, int ncols)
{
	int sum = 0;

	for (int r = 0; r < nrows; r++)
		for (int c = 0; c < ncols; c++)
			sum += rows[r][c];
	return sum;
}
