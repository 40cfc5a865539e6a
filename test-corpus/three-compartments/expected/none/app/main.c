/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "api.h"

int main(void)
{
	int r = app_step(5, 0);

	printf("result=%d direct=%d\n", r, net_direct(r));
	return r % 5;
}
