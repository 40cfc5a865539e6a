/* SPDX-License-Identifier: Apache-2.0 */
#include "../lib/names.h"

#include <stdio.h>

int main(void)
{
	char buf[4] = "abc";
	char out[5] = "";

	printf("f %d r %d s %d\n", f(1),
	       r(1), s(1));
	printf("m %d %s\n", m(buf, 3), buf);
	printf("slot %d site %d a0 %d\n", slot(1),
	       site("sixsix"), a0(1));
	printf("b0 %d %s n0 %d\n", b0(out, 2), out,
	       n0(1));
	__flexcc_looks_reserved();
	return 0;
}
