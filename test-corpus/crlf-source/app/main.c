/* SPDX-License-Identifier: Apache-2.0 */
/* This file has CRLF line endings; flexcc must keep them. */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

#define COUNT_BOTH(s, a, b)                                                    \
	(flexos_gate(libtext, text_count, (s), (a)) +                          \
	 flexos_gate(libtext, text_count, (s), (b)))

int main(void)
{
	char word[] __flexos_shared = "carriage return";
	int len = flexos_gate(libtext, text_len, word);
	int rs = COUNT_BOTH(word, 'r', 'e');

	flexos_gate(libtext,
		    text_upper,
		    word);
	printf("len=%d r+e=%d upper=%s\n", len, rs, word);
	return len == 15 ? 0 : 1;
}
