/* SPDX-License-Identifier: Apache-2.0 */
#ifndef ST_CONV_H
#define ST_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <flexos.h>

typedef int conv_id_t;
typedef int (*conv_fn)(int);
enum conv_color { CONV_RED = 1, CONV_GREEN = 2, CONV_BLUE = 4 };

bool conv_is_odd(conv_id_t id);
char conv_upper(char c);
short conv_swap16(short v);
uint64_t conv_widen(uint8_t lo, int8_t hi, uint16_t mid, uint32_t top);
unsigned long long conv_mulu(unsigned long long a, unsigned b);
size_t conv_len(const void *p __flexos_in(max), size_t max);
enum conv_color conv_next_color(enum conv_color c);
int conv_map_sum(const int (*rows)[3] __flexos_in(nrows * sizeof(*rows)), int nrows, conv_fn fn);
const char *conv_color_name(enum conv_color c);
void *conv_offset(void *base, ptrdiff_t off);

#endif /* ST_CONV_H */
