/* SPDX-License-Identifier: Apache-2.0 */
#include "conv.h"

bool conv_is_odd(conv_id_t id)
{
	return id & 1;
}

char conv_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

short conv_swap16(short v)
{
	unsigned short u = (unsigned short)v;

	return (short)((u >> 8) | (u << 8));
}

uint64_t conv_widen(uint8_t lo, int8_t hi, uint16_t mid, uint32_t top)
{
	return (uint64_t)top << 32 | (uint64_t)mid << 16 | (uint64_t)(uint8_t)hi << 8 | lo;
}

unsigned long long conv_mulu(unsigned long long a, unsigned b)
{
	return a * b;
}

size_t conv_len(const void *p, size_t max)
{
	const char *s = p;
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

enum conv_color conv_next_color(enum conv_color c)
{
	return c == CONV_BLUE ? CONV_RED : (enum conv_color)(c << 1);
}

int conv_map_sum(const int (*rows)[3], int nrows, conv_fn fn)
{
	int s = 0;

	for (int r = 0; r < nrows; r++)
		for (int c = 0; c < 3; c++)
			s += fn(rows[r][c]);
	return s;
}

const char *conv_color_name(enum conv_color c)
{
	switch (c) {
	case CONV_RED:
		return FLEXOS_SHARED_LITERAL("red");
	case CONV_GREEN:
		return FLEXOS_SHARED_LITERAL("green");
	default:
		return FLEXOS_SHARED_LITERAL("blue");
	}
}

void *conv_offset(void *base, ptrdiff_t off)
{
	return (char *)base + off;
}
