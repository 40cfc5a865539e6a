/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "shapes.h"

void draw(const struct shape *s);

extern __typeof__(geom_counted) __flexcc_gate__main__geomc__geom_counted; int main(void)
{
	struct shape shapes[] = { { "door", 2, 5 }, { "tile", 3, 3 } };
	int total = 0;

	for (int i = 0; i < 2; i++) {
		draw(&shapes[i]);
		total += shape_area(&shapes[i]);
	}
	printf("total=%d counted=%d\n", total, __flexcc_gate__main__geomc__geom_counted());
	return total == 19 ? 0 : 1;
}
