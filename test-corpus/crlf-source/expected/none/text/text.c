/* SPDX-License-Identifier: Apache-2.0 */
#include "text.h"

int text_len(const char *s)
{
	int n = 0;

	while (s[n])
		n++;
	return n;
}

int text_count(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

void text_upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}
