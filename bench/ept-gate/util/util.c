/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

long util_twice(long v)
{
	return 2 * v;
}
