/* SPDX-License-Identifier: Apache-2.0 */
#include <inttypes.h>
#include <stdio.h>
#include <flexos.h>
#include "../conv/conv.h"

static int square(int v) __flexos_callback;

static int square(int v)
{
	return v * v;
}

int main(void)
{
	const int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
	char text[] = "abcdef";
	enum conv_color c = CONV_GREEN;
	bool odd = flexos_gate(libconv, conv_is_odd, (conv_id_t)7);
	char *p = flexos_gate(libconv, conv_offset, text, 2);

	printf("odd=%d upper=%c swap=%d\n", odd, flexos_gate(libconv, conv_upper, 'q'),
	       flexos_gate(libconv, conv_swap16, (short)0x0102));
	printf("widen=%" PRIx64 " mulu=%llu len=%zu\n",
	       flexos_gate(libconv, conv_widen, 0x11, -1, 0x2233, 0x44556677u),
	       flexos_gate(libconv, conv_mulu, 1ull << 40, 3u),
	       flexos_gate(libconv, conv_len, text, sizeof(text)));
	c = flexos_gate(libconv, conv_next_color, c);
	printf("color=%s next=%s\n", flexos_gate(libconv, conv_color_name, c),
	       flexos_gate(libconv, conv_color_name, flexos_gate(libconv, conv_next_color, c)));
	printf("mapsum=%d offset=%s\n", flexos_gate(libconv, conv_map_sum, grid, 2, square), p);
	return c == CONV_BLUE ? 0 : 1;
}
