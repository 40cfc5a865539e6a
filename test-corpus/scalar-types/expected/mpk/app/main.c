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

extern __typeof__(conv_is_odd) __flexcc_gate__main__convc__conv_is_odd; extern __typeof__(conv_offset) __flexcc_gate__main__convc__conv_offset; extern __typeof__(conv_upper) __flexcc_gate__main__convc__conv_upper; extern __typeof__(conv_swap16) __flexcc_gate__main__convc__conv_swap16; extern __typeof__(conv_widen) __flexcc_gate__main__convc__conv_widen; extern __typeof__(conv_mulu) __flexcc_gate__main__convc__conv_mulu; extern __typeof__(conv_len) __flexcc_gate__main__convc__conv_len; extern __typeof__(conv_next_color) __flexcc_gate__main__convc__conv_next_color; extern __typeof__(conv_color_name) __flexcc_gate__main__convc__conv_color_name; extern __typeof__(conv_map_sum) __flexcc_gate__main__convc__conv_map_sum; extern __typeof__(square) __flexcc_cb__89745cdf__square; int main(void)
{
	const int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
	char text[] = "abcdef";
	enum conv_color c = CONV_GREEN;
	bool odd = __flexcc_gate__main__convc__conv_is_odd((conv_id_t)7);
	char *p = __flexcc_gate__main__convc__conv_offset(text, 2);

	printf("odd=%d upper=%c swap=%d\n", odd, __flexcc_gate__main__convc__conv_upper('q'),
	       __flexcc_gate__main__convc__conv_swap16((short)0x0102));
	printf("widen=%" PRIx64 " mulu=%llu len=%zu\n",
	       __flexcc_gate__main__convc__conv_widen(0x11, -1, 0x2233, 0x44556677u),
	       __flexcc_gate__main__convc__conv_mulu(1ull << 40, 3u),
	       __flexcc_gate__main__convc__conv_len(text, sizeof(text)));
	c = __flexcc_gate__main__convc__conv_next_color(c);
	printf("color=%s next=%s\n", __flexcc_gate__main__convc__conv_color_name(c),
	       __flexcc_gate__main__convc__conv_color_name(__flexcc_gate__main__convc__conv_next_color(c)));
	printf("mapsum=%d offset=%s\n", __flexcc_gate__main__convc__conv_map_sum(grid, 2, __flexcc_cb__89745cdf__square), p);
	return c == CONV_BLUE ? 0 : 1;
}
extern __typeof__(square) *const __flexcc_cbref__89745cdf__square; __typeof__(square) *const __flexcc_cbref__89745cdf__square = square;
