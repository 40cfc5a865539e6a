/* SPDX-License-Identifier: Apache-2.0 */
/* The unhardened compartment: calls the parser through gates; argv[1]
 * picks which bug to trigger ("ok" triggers none). */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <flexos.h>
#include "../parser/parser.h"

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "ok";
	char line[64];
	int r;

	/* A stack array of its own: its compartment adds no canary. */
	snprintf(line, sizeof line, "%s", "abc def");
	if (!strcmp(what, "ok")) {
		r = flexos_gate(libparser, parse_word, line);
		printf("word=%d\n", r);
		r = flexos_gate(libparser, parse_record, 4);
		printf("record=%d\n", r);
		r = flexos_gate(libparser, parse_next, 41);
		printf("next=%d\n", r);
		r = flexos_gate(libparser, parse_name, "flex");
		printf("name=%d\n", r);
	} else if (!strcmp(what, "stack")) {
		r = flexos_gate(libparser, parse_word,
				"averyveryveryveryverylongwordindeedthatgoesonandon");
		printf("word=%d\n", r);
	} else if (!strcmp(what, "heap")) {
		r = flexos_gate(libparser, parse_record, 6);
		printf("record=%d\n", r);
	} else if (!strcmp(what, "signed")) {
		r = flexos_gate(libparser, parse_next, INT_MAX);
		printf("next=%d\n", r);
	} else if (!strcmp(what, "fortify")) {
		r = flexos_gate(libparser, parse_name, "a-much-too-long-name");
		printf("name=%d\n", r);
	} else {
		fprintf(stderr, "usage: %s [ok|stack|heap|signed|fortify]\n",
			argv[0]);
		return 2;
	}
	puts("done");
	return 0;
}
