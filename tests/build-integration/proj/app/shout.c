/* SPDX-License-Identifier: Apache-2.0 */
/* Does not include calc.h: touching it must not rebuild this object. */
#include <stdio.h>
#include <flexos.h>
#include "strlib.h"
#include "app.h"

void shout(const char *word)
{
	char buf[32] __flexos_shared;
	int n = flexos_gate(libstrlib, str_upper, buf, sizeof(buf), word);
	printf("%s! (%d)\n", buf, n);
}
