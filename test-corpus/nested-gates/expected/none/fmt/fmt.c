/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "fmt.h"
#include "../math/math.h"

static char buf[4][64] __attribute__((section(".flexos_shared.data")));
static int next;

const char *fmt_pair(const char *label, int value)
{
	char *b = buf[next++ & 3];

	snprintf(b, sizeof(buf[0]), "%s=%d", label, value);
	return b;
}

/* fmt calls into math: a nested gate from a second compartment. */
int fmt_width(int value)
{
	int w = 1;

	while (value >= math_mul(math_sq(1), 10)) {
		value /= 10;
		w++;
	}
	return w;
}
