/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "api.h"

extern __typeof__(vfs_trace) __flexcc_gate__trusted__storage__vfs_trace; extern __typeof__(net_step) __flexcc_gate__trusted__network__net_step; int app_step(int depth, int acc)
{
	__flexcc_gate__trusted__storage__vfs_trace(0, depth);
	if (depth == 0)
		return acc;
	return __flexcc_gate__trusted__network__net_step(depth - 1, acc * 2 + 1);
}
