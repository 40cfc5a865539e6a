/* SPDX-License-Identifier: Apache-2.0 */
/* This file starts with a UTF-8 byte order mark (Ü). */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

void greet_all(void);

void greet_all(void)
{
	for (int i = 0; i < 3; i++)
		printf("→ %s (%d)\n", text_greeting(i),
		       text_codepoints(text_greeting(i)));
}
