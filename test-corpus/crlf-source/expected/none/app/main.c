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
	char word[] = "carriage return";
	int len = text_len(word);
	int rs = COUNT_BOTH(word, 'r', 'e');

	text_upper(

		    word);
	printf("len=%d r+e=%d upper=%s\n", len, rs, word);
	return len == 15 ? 0 : 1;
}
