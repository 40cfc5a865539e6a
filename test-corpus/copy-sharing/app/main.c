/* SPDX-License-Identifier: Apache-2.0 */
#include "../parser/parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char words_seen[128];

/* Called back by the parser with a copy of each word. */
void on_word(const char *word __flexos_string, int index) __flexos_callback;

void on_word(const char *word, int index)
{
	char upper[32];
	int n = (int)strlen(word);

	/* A gate from inside the callback: its copies stack above the
	 * callback's, which stack above each_word's. */
	memcpy(upper, word, (size_t)n + 1);
	flexos_gate(libparser, upcase, upper, n);
	printf("word %d: %s (%s)\n", index, word, upper);
	strncat(words_seen, word, sizeof(words_seen) - strlen(words_seen) - 1);
}

int main(void)
{
	/* Private memory only: locals and heap blocks, never shared. */
	char text[] = "copy  sharing keeps buffers private";
	char line[] = "answer=42;junk";
	struct kv kv;
	char *heap = malloc(32);
	char num[16];
	size_t numlen = sizeof(num);
	int ints[5] = { 3, 1, 4, 1, 5 };
	unsigned char pat[PATTERN_LEN];
	char kind[KIND_NAME_MAX];
	long r;

	r = flexos_gate(libparser, tok_count, text);
	printf("tok_count: %ld\n", r);
	r = flexos_gate(libparser, tok_count, "literal one two");
	printf("tok_count literal: %ld\n", r);

	memset(&kv, 0x55, sizeof(kv));
	r = flexos_gate(libparser, parse_kv, line, strlen("answer=42"), &kv);
	printf("parse_kv: %ld key=%s value=%ld\n", r, kv.key, kv.value);

	strcpy(heap, "Mixed Case heap text");
	r = flexos_gate(libparser, upcase, heap, (int)strlen(heap));
	printf("upcase: %ld -> %s\n", r, heap);
	r = flexos_gate(libparser, upcase, heap, 0);
	printf("upcase empty: %ld -> %s\n", r, heap);

	r = flexos_gate(libparser, fmt_uint, num, &numlen, 4294967295u);
	printf("fmt_uint: %ld %s (%zu)\n", r, num, numlen);
	numlen = 0;
	r = flexos_gate(libparser, fmt_uint, NULL, &numlen, 12345u);
	printf("fmt_uint length only: %ld (%zu)\n", r, numlen);

	r = flexos_gate(libparser, sum_ints, ints, 5);
	printf("sum_ints: %ld\n", r);
	r = flexos_gate(libparser, sum_ints, NULL, 0);
	printf("sum_ints none: %ld\n", r);

	r = flexos_gate(libparser, fill_pattern, pat, 3);
	printf("fill_pattern: %ld", r);
	for (int i = 0; i < PATTERN_LEN; i++)
		printf(" %02x", pat[i]);
	printf("\n");

	r = flexos_gate(libparser, kind_name, kind, KIND_NUMBER);
	printf("kind_name: %ld %s\n", r, kind);

	r = flexos_gate(libparser, each_word, text, on_word);
	printf("each_word: %ld, seen '%s'\n", r, words_seen);

	free(heap);
	return 0;
}
