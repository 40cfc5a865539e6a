/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

static int pick(int a, int b, int c)
{
	return a > b ? (a > c ? a : c) : (b > c ? b : c);
}

extern __typeof__(text_count) __flexcc_gate__main__textc__text_count; extern __typeof__(text_join) __flexcc_gate__main__textc__text_join; int main(void)
{
	char out[64];
	int a, b, c, d, n;

	a = __flexcc_gate__main__textc__text_count(__FLEXOS_SHARED_STR("(a, b), (c)"), ')');
	b = __flexcc_gate__main__textc__text_count(
		__FLEXOS_SHARED_STR("x,y,z"), ',');
	c = __flexcc_gate__main__textc__text_count(__FLEXOS_SHARED_STR("))((") , '(' );
	d = __flexcc_gate__main__textc__text_count(__FLEXOS_SHARED_STR("'\"'\""), '"');
	n = __flexcc_gate__main__textc__text_join(


		out,
		(int)sizeof(out),
		__FLEXOS_SHARED_STR("left"),
		__FLEXOS_SHARED_STR("right") /* last */
	);
	printf("a=%d b=%d c=%d d=%d n=%d out=%s\n", a, b, c, d, n, out);
	printf("pick=%d\n", pick(__flexcc_gate__main__textc__text_count(__FLEXOS_SHARED_STR("a,a"), 'a'), pick(1, 2, 3),
				 __flexcc_gate__main__textc__text_count(__FLEXOS_SHARED_STR(","), ',')));
	return a + b + c + d == 8 ? 0 : 1;
}
