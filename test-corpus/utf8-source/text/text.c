/* SPDX-License-Identifier: Apache-2.0 */
/* Zählt Bytes und Codepunkte — « texte » en UTF-8. */
#include <flexos.h>
#include "text.h"

int text_bytes(const char *s)
{
	int n = 0;

	while (s[n])
		n++;
	return n;
}

int text_codepoints(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

const char *text_greeting(int lang)
{
	switch (lang) {
	case 0:
		return FLEXOS_SHARED_LITERAL("Grüß Gott");
	case 1:
		return FLEXOS_SHARED_LITERAL("こんにちは");
	default:
		return FLEXOS_SHARED_LITERAL("Привет");
	}
}
