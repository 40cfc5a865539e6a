/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "calc.h"
#include "app.h"

void report(const char *what, int value)
{
	printf("%s = %d (twice %d)\n", what, value, calc_twice(value));
}
