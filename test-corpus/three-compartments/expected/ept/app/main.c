/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "api.h"

extern __typeof__(net_direct) __flexcc_gate__trusted__network__net_direct; int main(void)
{
	int r = app_step(5, 0);

	printf("result=%d direct=%d\n", r, __flexcc_gate__trusted__network__net_direct(r));
	return r % 5;
}
