/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../calc/calc.h"

#define INC_TWICE(x)                                                           \
	({                                                                     \
		int __t = calc_inc((x));                 \
		calc_inc(__t);                           \
	})

int main(void)
{
	int s = ({ int t = calc_inc(1); t * 10; });
	__typeof__(calc_size()) size = calc_size();
	__auto_type inc = calc_inc(41);
	int z = calc_zero() ?: 5;
	int nz = calc_inc(2) ?: 5;
	int vla[calc_size()];
	const char *kind = _Generic(calc_size(), long: "long", default: "other");

	for (int i = 0; i < (int)(sizeof(vla) / sizeof(vla[0])); i++)
		vla[i] = INC_TWICE(i);
	if (__builtin_expect(calc_inc(-1), 0))
		printf("unexpected\n");
	printf("s=%d size=%ld inc=%d z=%d nz=%d kind=%s\n", s, size, inc, z, nz, kind);
	printf("vla=%d,%d,%d,%d n=%d\n", vla[0], vla[1], vla[2], vla[3],
	       (int)(sizeof(vla) / sizeof(vla[0])));
	return s == 20 ? 0 : 1;
}
