/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include "strlib.h"

int str_upper(char *out, size_t n, const char *s)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)toupper((unsigned char)s[i]);
	out[i] = '\0';
	return (int)i;
}
