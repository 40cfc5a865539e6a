/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../app/api.h"

static const char *const names[] = { "app", "net", "vfs" };

void vfs_trace(int where, int depth)
{
	printf("%*s%s(%d)\n", 5 - depth, "", names[where], depth);
}

int vfs_step(int depth, int acc)
{
	vfs_trace(2, depth);
	if (depth == 0)
		return acc;
	return flexos_gate(libapp, app_step, depth - 1, acc * 3);
}
