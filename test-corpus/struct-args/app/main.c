/* SPDX-License-Identifier: Apache-2.0 */
/* Structs by value and by pointer through gates. */
#include <stdio.h>
#include <flexos.h>
#include "../geo/geo.h"

int main(void)
{
	struct vec a = { 1, 2 }, b = { 10, 20 };
	struct vec s = flexos_gate(libgeo, geo_add, a, b);
	struct vec pts[] = { { 3, -1 }, { -2, 4 }, { 5, 0 } };
	struct rect box;
	struct tag t = { "abc", 3 };
	union num n = { .i = 0 };
	size2d sz = { 3.0, 4.0 };
	int row0[] __flexos_shared = { 1, 2, 3 }, row1[] __flexos_shared = { 4, 5, 6 };
	const int *rows[] __flexos_shared = { row0, row1 };

	printf("add=(%d,%d)\n", s.x, s.y);
	flexos_gate(libgeo, geo_scale, &s, 2);
	printf("scaled=(%d,%d)\n", s.x, s.y);
	box = flexos_gate(libgeo, geo_bound, pts, sizeof(pts) / sizeof(pts[0]));
	printf("bound=(%d,%d)-(%d,%d) area=%d\n", box.lo.x, box.lo.y, box.hi.x, box.hi.y,
	       flexos_gate(libgeo, geo_area, box));
	printf("area-literal=%d\n",
	       flexos_gate(libgeo, geo_area, (struct rect){ { 0, 0 }, { 2, 3 } }));
	printf("member=%d\n", flexos_gate(libgeo, geo_add, a, a).y);
	t = flexos_gate(libgeo, geo_tag, flexos_gate(libgeo, geo_tag, t, 'd'), 'e');
	printf("tag=%s len=%u\n", t.text, (unsigned)t.len);
	n = flexos_gate(libgeo, geo_flip, n);
	printf("flip=%d\n", n.i);
	printf("diag2=%.1f\n", flexos_gate(libgeo, geo_diag2, sz));
	printf("rows=%d\n", flexos_gate(libgeo, geo_sum_rows, rows, 2, 3));
	return s.x == 22 && box.hi.y == 4 ? 0 : 1;
}
