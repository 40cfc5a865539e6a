/* SPDX-License-Identifier: Apache-2.0 */
/* This file starts with a UTF-8 byte order mark (Ü). */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

void greet_all(void);

extern __typeof__(text_greeting) __flexcc_gate__main__textc__text_greeting; extern __typeof__(text_codepoints) __flexcc_gate__main__textc__text_codepoints; void greet_all(void)
{
	for (int i = 0; i < 3; i++)
		printf("→ %s (%d)\n", __flexcc_gate__main__textc__text_greeting(i),
		       __flexcc_gate__main__textc__text_codepoints(__flexcc_gate__main__textc__text_greeting(i)));
}
