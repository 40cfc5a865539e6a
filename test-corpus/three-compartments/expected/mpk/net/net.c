/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "../app/api.h"

extern __typeof__(vfs_trace) __flexcc_gate__network__storage__vfs_trace; extern __typeof__(vfs_step) __flexcc_gate__network__storage__vfs_step; int net_step(int depth, int acc)
{
	__flexcc_gate__network__storage__vfs_trace(1, depth);
	if (depth == 0)
		return acc;
	return __flexcc_gate__network__storage__vfs_step(depth - 1, acc + 3);
}

int net_direct(int v)
{
	return -v;
}
