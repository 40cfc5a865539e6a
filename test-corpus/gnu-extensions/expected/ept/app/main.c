/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../calc/calc.h"

#define INC_TWICE(x)                                                           \
	({                                                                     \
		int __t = __flexcc_gate__main__calcc__calc_inc((x));                 \
		__flexcc_gate__main__calcc__calc_inc(__t);                           \
	})

extern __typeof__(calc_inc) __flexcc_gate__main__calcc__calc_inc; extern __typeof__(calc_size) __flexcc_gate__main__calcc__calc_size; extern __typeof__(calc_zero) __flexcc_gate__main__calcc__calc_zero; int main(void)
{
	int s = ({ int t = __flexcc_gate__main__calcc__calc_inc(1); t * 10; });
	__typeof__(__flexcc_gate__main__calcc__calc_size()) size = __flexcc_gate__main__calcc__calc_size();
	__auto_type inc = __flexcc_gate__main__calcc__calc_inc(41);
	int z = __flexcc_gate__main__calcc__calc_zero() ?: 5;
	int nz = __flexcc_gate__main__calcc__calc_inc(2) ?: 5;
	int vla[__flexcc_gate__main__calcc__calc_size()];
	const char *kind = _Generic(__flexcc_gate__main__calcc__calc_size(), long: "long", default: "other");

	for (int i = 0; i < (int)(sizeof(vla) / sizeof(vla[0])); i++)
		vla[i] = INC_TWICE(i);
	if (__builtin_expect(__flexcc_gate__main__calcc__calc_inc(-1), 0))
		printf("unexpected\n");
	printf("s=%d size=%ld inc=%d z=%d nz=%d kind=%s\n", s, size, inc, z, nz, kind);
	printf("vla=%d,%d,%d,%d n=%d\n", vla[0], vla[1], vla[2], vla[3],
	       (int)(sizeof(vla) / sizeof(vla[0])));
	return s == 20 ? 0 : 1;
}
