/* SPDX-License-Identifier: Apache-2.0 */
/* The codec library: hashes keys and scrambles values. */
#include <flexos.h>
#include "codec.h"

static unsigned calls;

unsigned codec_hash(const char *key)
{
	unsigned h = 2166136261u;

	calls++;
	while (*key)
		h = (h ^ (unsigned char)*key++) * 16777619u;
	return h;
}

int codec_scramble(int value, unsigned salt)
{
	calls++;
	return value ^ (int)(salt & 0xff);
}
