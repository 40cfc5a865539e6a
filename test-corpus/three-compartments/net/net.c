/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "../app/api.h"

int net_step(int depth, int acc)
{
	flexos_gate(libvfs, vfs_trace, 1, depth);
	if (depth == 0)
		return acc;
	return flexos_gate(libvfs, vfs_step, depth - 1, acc + 3);
}

int net_direct(int v)
{
	return -v;
}
