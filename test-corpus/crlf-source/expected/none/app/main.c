/* SPDX-License-Identifier: Apache-2.0 */
/* This file has CRLF line endings; flexcc must keep them. */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

#define COUNT_BOTH(s, a, b)                                                    \
	(text_count((s), (a)) +                          \
	 text_count((s), (b)))

int main(void)
{
	char word[] __flexos_shared = "carriage return"; __FLEXOS_DSS_INIT(word);
	int len = text_len(__FLEXOS_DSS(word));
	int rs = COUNT_BOTH(__FLEXOS_DSS(word), 'r', 'e');

	text_upper(

		    __FLEXOS_DSS(word));
	printf("len=%d r+e=%d upper=%s\n", len, rs, __FLEXOS_DSS(word));
	return len == 15 ? 0 : 1;
}
