/* SPDX-License-Identifier: Apache-2.0 */
/* Structs by value and by pointer through gates. */
#include <stdio.h>
#include <flexos.h>
#include "../geo/geo.h"

extern __typeof__(geo_scale) __flexcc_gate__main__geoc__geo_scale; extern __typeof__(geo_add) __flexcc_gate__main__geoc__geo_add; extern __typeof__(geo_bound) __flexcc_gate__main__geoc__geo_bound; extern __typeof__(geo_area) __flexcc_gate__main__geoc__geo_area; extern __typeof__(geo_tag) __flexcc_gate__main__geoc__geo_tag; extern __typeof__(geo_flip) __flexcc_gate__main__geoc__geo_flip; extern __typeof__(geo_diag2) __flexcc_gate__main__geoc__geo_diag2; extern __typeof__(geo_sum_rows) __flexcc_gate__main__geoc__geo_sum_rows; int main(void)
{
	struct vec a = { 1, 2 }, b = { 10, 20 };
	struct vec s = __flexcc_gate__main__geoc__geo_add(a, b);
	struct vec pts[] = { { 3, -1 }, { -2, 4 }, { 5, 0 } };
	struct rect box;
	struct tag t = { "abc", 3 };
	union num n = { .i = 0 };
	size2d sz = { 3.0, 4.0 };
	int row0[] __flexos_shared = { 1, 2, 3 }, row1[] __flexos_shared = { 4, 5, 6 }; __FLEXOS_DSS_INIT(row0); __FLEXOS_DSS_INIT(row1);
	const int *rows[] __flexos_shared = { __FLEXOS_DSS(row0), __FLEXOS_DSS(row1) }; __FLEXOS_DSS_INIT(rows);

	printf("add=(%d,%d)\n", s.x, s.y);
	__flexcc_gate__main__geoc__geo_scale(&s, 2);
	printf("scaled=(%d,%d)\n", s.x, s.y);
	box = __flexcc_gate__main__geoc__geo_bound(pts, sizeof(pts) / sizeof(pts[0]));
	printf("bound=(%d,%d)-(%d,%d) area=%d\n", box.lo.x, box.lo.y, box.hi.x, box.hi.y,
	       __flexcc_gate__main__geoc__geo_area(box));
	printf("area-literal=%d\n",
	       __flexcc_gate__main__geoc__geo_area((struct rect){ { 0, 0 }, { 2, 3 } }));
	printf("member=%d\n", __flexcc_gate__main__geoc__geo_add(a, a).y);
	t = __flexcc_gate__main__geoc__geo_tag(__flexcc_gate__main__geoc__geo_tag(t, 'd'), 'e');
	printf("tag=%s len=%u\n", t.text, (unsigned)t.len);
	n = __flexcc_gate__main__geoc__geo_flip(n);
	printf("flip=%d\n", n.i);
	printf("diag2=%.1f\n", __flexcc_gate__main__geoc__geo_diag2(sz));
	printf("rows=%d\n", __flexcc_gate__main__geoc__geo_sum_rows(__FLEXOS_DSS(rows), 2, 3));
	return s.x == 22 && box.hi.y == 4 ? 0 : 1;
}
