/* SPDX-License-Identifier: Apache-2.0 */
/* Inline helpers that gate into geom; included by several files of app. */
#ifndef AH_SHAPES_H
#define AH_SHAPES_H

#include <flexos.h>
#include "geom.h"

struct shape {
	const char *name;
	int w;
	int h;
};

extern __typeof__(geom_count) __flexcc_gate__main__geomc__geom_count; extern __typeof__(geom_area) __flexcc_gate__main__geomc__geom_area; static inline int shape_area(const struct shape *s)
{
	__flexcc_gate__main__geomc__geom_count();
	return __flexcc_gate__main__geomc__geom_area(s->w, s->h);
}

static inline int shape_is_square(const struct shape *s)
{
	return s->w == s->h;
}

#endif /* AH_SHAPES_H */
