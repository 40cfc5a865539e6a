/* SPDX-License-Identifier: Apache-2.0 */
/* The greeter: formats greetings, asking the application how to end them. */
#include <flexos.h>
#include "greet.h"
#include "../app/app.h"

static int greeted;

void greet_init(void)
{
	greeted = 0;
}

int greet_format(char *buf, size_t len, const char *name)
{
	int round = greeted++;
	int bangs = flexos_gate(libapp, app_excitement, round);
	size_t n = 0;
	const char *hello = "Hello, ";

	while (*hello && n + 1 < len)
		buf[n++] = *hello++;
	while (*name && n + 1 < len)
		buf[n++] = *name++;
	for (int i = 0; i <= bangs && n + 2 < len; i++)
		buf[n++] = flexos_gate(libapp, app_punctuation);
	buf[n] = '\0';
	return (int)n;
}

int greet_count(void)
{
	return greeted;
}
