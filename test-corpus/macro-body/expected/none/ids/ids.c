/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include "ids.h"

static int last;

int ids_next(void)
{
	return ++last;
}

int ids_peek(void)
{
	return last;
}

void ids_log(const char *what, int value)
{
	printf("log: %s -> %d\n", what, value);
}
