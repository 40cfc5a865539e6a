/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "text.h"

int text_count(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

int text_join(char *out, int max, const char *a, const char *b)
{
	return snprintf(out, (size_t)max, "%s,%s", a, b);
}
