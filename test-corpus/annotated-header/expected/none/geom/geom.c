/* SPDX-License-Identifier: Apache-2.0 */
#include "geom.h"

static int counted;

int geom_area(int w, int h)
{
	return w * h;
}

void geom_count(void)
{
	counted++;
}

int geom_counted(void)
{
	return counted;
}
