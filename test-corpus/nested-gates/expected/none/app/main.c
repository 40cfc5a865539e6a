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

	a = math_add(math_mul(2, 3),
			math_mul(4, 5));
	b = math_add(
			math_mul(
				    math_add(1, 1),
				    math_sq(3)),
			1);
	c = math_add(app_twice(3), 1);

	printf("%s\n", fmt_pair("a", a));
	printf("%s\n", fmt_pair("b", math_add(b, 0)));
	printf("%s %s\n", fmt_pair("c", c),
	       fmt_pair("w", fmt_width(math_mul(a, 1000))));
	return a == 26 && b == 19 && c == 7 ? 0 : 1;
}
