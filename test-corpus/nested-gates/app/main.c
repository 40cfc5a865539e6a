/* SPDX-License-Identifier: Apache-2.0 */
/* Gates nested in the arguments of other gates. */
#include <stdio.h>
#include <flexos.h>
#include "../math/math.h"
#include "../fmt/fmt.h"

int app_twice(int v);

int app_twice(int v)
{
	return 2 * v;
}

int main(void)
{
	int a, b, c;

	a = flexos_gate(libmath, math_add, flexos_gate(libmath, math_mul, 2, 3),
			flexos_gate(libmath, math_mul, 4, 5));
	b = flexos_gate(libmath, math_add,
			flexos_gate(libmath, math_mul,
				    flexos_gate(libmath, math_add, 1, 1),
				    flexos_gate(libmath, math_sq, 3)),
			1);
	c = flexos_gate(libmath, math_add, flexos_gate(libapp, app_twice, 3), 1);

	printf("%s\n", flexos_gate(libfmt, fmt_pair, "a", a));
	printf("%s\n", flexos_gate(libfmt, fmt_pair, "b", flexos_gate(libmath, math_add, b, 0)));
	printf("%s %s\n", flexos_gate(libfmt, fmt_pair, "c", c),
	       flexos_gate(libfmt, fmt_pair, "w", flexos_gate(libfmt, fmt_width, flexos_gate(libmath, math_mul, a, 1000))));
	return a == 26 && b == 19 && c == 7 ? 0 : 1;
}
