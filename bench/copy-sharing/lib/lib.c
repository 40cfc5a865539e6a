/* SPDX-License-Identifier: Apache-2.0 */
#include "lib.h"

long touch_plain(const void *p, unsigned long n)
{
	return ((const unsigned char *)p)[n - 1] + (long)n;
}

long touch_in(const void *p, unsigned long n)
{
	return ((const unsigned char *)p)[n - 1] + (long)n;
}

long touch_out(void *p, unsigned long n)
{
	((unsigned char *)p)[n - 1] = 1;
	return (long)n;
}

long touch_string(const char *s)
{
	return s[0];
}
