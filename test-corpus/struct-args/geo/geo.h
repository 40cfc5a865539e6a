/* SPDX-License-Identifier: Apache-2.0 */
#ifndef GEO_H
#define GEO_H

#include <stddef.h>
#include <flexos.h>

struct vec {
	int x;
	int y;
};

struct rect {
	struct vec lo;
	struct vec hi;
};

struct tag {
	char text[8];
	unsigned short len;
};

union num {
	int i;
	unsigned u;
};

typedef struct {
	double w;
	double h;
} size2d;

struct vec geo_add(struct vec a, struct vec b);
int geo_area(struct rect r);
void geo_scale(struct vec *v __flexos_inout(sizeof(*v)), int k);
struct rect geo_bound(const struct vec *pts __flexos_in(n * sizeof(*pts)), size_t n);
struct tag geo_tag(struct tag t, char suffix);
union num geo_flip(union num n);
double geo_diag2(size2d s);
int geo_sum_rows(const int *const *rows, int nrows, int ncols);

#endif /* GEO_H */
