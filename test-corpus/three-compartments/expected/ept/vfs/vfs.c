/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../app/api.h"

static const char *const names[] = { "app", "net", "vfs" };

void vfs_trace(int where, int depth)
{
	printf("%*s%s(%d)\n", 5 - depth, "", names[where], depth);
}

extern __typeof__(app_step) __flexcc_gate__storage__trusted__app_step; int vfs_step(int depth, int acc)
{
	vfs_trace(2, depth);
	if (depth == 0)
		return acc;
	return __flexcc_gate__storage__trusted__app_step(depth - 1, acc * 3);
}
