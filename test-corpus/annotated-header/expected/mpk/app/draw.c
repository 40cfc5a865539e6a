/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "shapes.h"

void draw(const struct shape *s);

void draw(const struct shape *s)
{
	printf("%s: %dx%d area=%d%s\n", s->name, s->w, s->h, shape_area(s),
	       shape_is_square(s) ? " (square)" : "");
}
