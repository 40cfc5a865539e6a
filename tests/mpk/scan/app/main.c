/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>

int lib_get(void);

int main(void)
{
	int r;

	flexos_gate_r(liblib, r, lib_get);
	printf("%d\n", r);
	return 0;
}
