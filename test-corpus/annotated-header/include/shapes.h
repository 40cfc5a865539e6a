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

static inline int shape_area(const struct shape *s)
{
	flexos_gate(libgeom, geom_count);
	return flexos_gate(libgeom, geom_area, s->w, s->h);
}

static inline int shape_is_square(const struct shape *s)
{
	return s->w == s->h;
}

#endif /* AH_SHAPES_H */
