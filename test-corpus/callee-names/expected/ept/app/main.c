/* SPDX-License-Identifier: Apache-2.0 */
#include "../lib/names.h"

#include <stdio.h>

extern __typeof__(__flexcc_looks_reserved) __flexcc_gate__main__other____flexcc_looks_reserved; extern __typeof__(f) __flexcc_gate__main__other__f; extern __typeof__(r) __flexcc_gate__main__other__r; extern __typeof__(s) __flexcc_gate__main__other__s; extern __typeof__(m) __flexcc_gate__main__other__m; extern __typeof__(slot) __flexcc_gate__main__other__slot; extern __typeof__(site) __flexcc_gate__main__other__site; extern __typeof__(a0) __flexcc_gate__main__other__a0; extern __typeof__(b0) __flexcc_gate__main__other__b0; extern __typeof__(n0) __flexcc_gate__main__other__n0; int main(void)
{
	char buf[4] = "abc";
	char out[5] = "";

	printf("f %d r %d s %d\n", __flexcc_gate__main__other__f(1),
	       __flexcc_gate__main__other__r(1), __flexcc_gate__main__other__s(1));
	printf("m %d %s\n", __flexcc_gate__main__other__m(buf, 3), buf);
	printf("slot %d site %d a0 %d\n", __flexcc_gate__main__other__slot(1),
	       __flexcc_gate__main__other__site(__FLEXOS_SHARED_STR("sixsix")), __flexcc_gate__main__other__a0(1));
	printf("b0 %d %s n0 %d\n", __flexcc_gate__main__other__b0(out, 2), out,
	       __flexcc_gate__main__other__n0(1));
	__flexcc_gate__main__other____flexcc_looks_reserved();
	return 0;
}
