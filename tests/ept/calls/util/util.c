/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include "util.h"

int util_mix(int a, int b)
{
	return a * 10 + b;
}

int util_fail(int code)
{
	errno = code;
	return -1;
}
