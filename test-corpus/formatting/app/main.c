/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

static int pick(int a, int b, int c)
{
	return a > b ? (a > c ? a : c) : (b > c ? b : c);
}

int main(void)
{
	char out[64];
	int a, b, c, d, n;

	a = flexos_gate /* the macro name */ (libtext, /* lib */ text_count, "(a, b), (c)", ')');
	b = flexos_gate
		(libtext, text_count, "x,y,z", ',');
	c = flexos_gate(  libtext  ,  text_count  ,  "))((" , '(' );
	d = flexos_gate(libtext, text_count, "'\"'\"", '"');
	n = flexos_gate(
		libtext, // the library
		text_join,
		out,
		(int)sizeof(out),
		"left",
		"right" /* last */
	);
	printf("a=%d b=%d c=%d d=%d n=%d out=%s\n", a, b, c, d, n, out);
	printf("pick=%d\n", pick(flexos_gate(libtext, text_count, "a,a", 'a'), pick(1, 2, 3),
				 flexos_gate(libtext, text_count, ",", ',')));
	return a + b + c + d == 8 ? 0 : 1;
}
