/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The application. It asks the greeter, in its own compartment, to greet a
 * few names; the greeter calls back into the application for punctuation.
 * Every cross-library call is a gate; under mechanism 'none' each is a plain
 * call, under 'mpk' or 'ept' a compartment switch.
 */
#include <stdio.h>
#include <flexos.h>
#include "app.h"
#include "../greet/greet.h"

static int rounds;

char app_punctuation(void)
{
	return rounds % 2 ? '!' : '.';
}

int app_excitement(int round)
{
	return round < 3 ? round : 3;
}

int main(void)
{
	static const char *const names[] = { "world", "compartment", "gate" };
	char line[64];
	int total = 0;

	flexos_gate(libgreet, greet_init);
	for (rounds = 0; rounds < 3; rounds++) {
		int n = flexos_gate(libgreet, greet_format, line, sizeof(line),
				    names[rounds]);
		if (n < 0)
			return 1;
		printf("%s\n", line);
		total += n;
	}
	printf("%d greetings, %d characters\n",
	       flexos_gate(libgreet, greet_count), total);
	return 0;
}
