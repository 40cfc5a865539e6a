/* SPDX-License-Identifier: Apache-2.0 */
/* This file has CRLF line endings; flexcc must keep them. */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

#define COUNT_BOTH(s, a, b)                                                    \
	(__flexcc_gate__main__textc__text_count((s), (a)) +                          \
	 __flexcc_gate__main__textc__text_count((s), (b)))

extern __typeof__(text_upper) __flexcc_gate__main__textc__text_upper; extern __typeof__(text_len) __flexcc_gate__main__textc__text_len; extern __typeof__(text_count) __flexcc_gate__main__textc__text_count; int main(void)
{
	char word[] __flexos_shared = "carriage return"; __FLEXOS_DSS_INIT(word);
	int len = __flexcc_gate__main__textc__text_len(__FLEXOS_DSS(word));
	int rs = COUNT_BOTH(__FLEXOS_DSS(word), 'r', 'e');

	__flexcc_gate__main__textc__text_upper(

		    __FLEXOS_DSS(word));
	printf("len=%d r+e=%d upper=%s\n", len, rs, __FLEXOS_DSS(word));
	return len == 15 ? 0 : 1;
}
