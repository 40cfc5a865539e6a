/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "api.h"

int app_step(int depth, int acc)
{
	flexos_gate(libvfs, vfs_trace, 0, depth);
	if (depth == 0)
		return acc;
	return flexos_gate(libnet, net_step, depth - 1, acc * 2 + 1);
}
