/* SPDX-License-Identifier: Apache-2.0 */
#include "../lib/names.h"

#include <stdio.h>

int main(void)
{
	char buf[4] = "abc";
	char out[5] = "";

	printf("f %d r %d s %d\n", flexos_gate(liblib, f, 1),
	       flexos_gate(liblib, r, 1), flexos_gate(liblib, s, 1));
	printf("m %d %s\n", flexos_gate(liblib, m, buf, 3), buf);
	printf("slot %d site %d a0 %d\n", flexos_gate(liblib, slot, 1),
	       flexos_gate(liblib, site, "sixsix"), flexos_gate(liblib, a0, 1));
	printf("b0 %d %s n0 %d\n", flexos_gate(liblib, b0, out, 2), out,
	       flexos_gate(liblib, n0, 1));
	flexos_gate(liblib, __flexcc_looks_reserved);
	return 0;
}
