/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

unsigned util_checksum(const char *buf, int len)
{
	unsigned sum = 0;

	for (int i = 0; i < len; i++)
		sum = sum * 31u + (unsigned char)buf[i];
	return sum;
}
