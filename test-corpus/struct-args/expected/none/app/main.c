/* SPDX-License-Identifier: Apache-2.0 */
/* Structs by value and by pointer through gates. */
#include <stdio.h>
#include <flexos.h>
#include "../geo/geo.h"

int main(void)
{
	struct vec a = { 1, 2 }, b = { 10, 20 };
	struct vec s = geo_add(a, b);
	struct vec pts[] = { { 3, -1 }, { -2, 4 }, { 5, 0 } };
	struct rect box;
	struct tag t = { "abc", 3 };
	union num n = { .i = 0 };
	size2d sz = { 3.0, 4.0 };
	int row0[] __flexos_shared = { 1, 2, 3 }, row1[] __flexos_shared = { 4, 5, 6 }; __FLEXOS_DSS_INIT(row0); __FLEXOS_DSS_INIT(row1);
	const int *rows[] __flexos_shared = { __FLEXOS_DSS(row0), __FLEXOS_DSS(row1) }; __FLEXOS_DSS_INIT(rows);

	printf("add=(%d,%d)\n", s.x, s.y);
	geo_scale(&s, 2);
	printf("scaled=(%d,%d)\n", s.x, s.y);
	box = geo_bound(pts, sizeof(pts) / sizeof(pts[0]));
	printf("bound=(%d,%d)-(%d,%d) area=%d\n", box.lo.x, box.lo.y, box.hi.x, box.hi.y,
	       geo_area(box));
	printf("area-literal=%d\n",
	       geo_area((struct rect){ { 0, 0 }, { 2, 3 } }));
	printf("member=%d\n", geo_add(a, a).y);
	t = geo_tag(geo_tag(t, 'd'), 'e');
	printf("tag=%s len=%u\n", t.text, (unsigned)t.len);
	n = geo_flip(n);
	printf("flip=%d\n", n.i);
	printf("diag2=%.1f\n", geo_diag2(sz));
	printf("rows=%d\n", geo_sum_rows(__FLEXOS_DSS(rows), 2, 3));
	return s.x == 22 && box.hi.y == 4 ? 0 : 1;
}
