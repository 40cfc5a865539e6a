/* SPDX-License-Identifier: Apache-2.0 */
/* A C file in the same library as the C++ one. */
#include <stdio.h>

void app_print(const char *what, int value);

void app_print(const char *what, int value)
{
	printf("%s=%d\n", what, value);
}
