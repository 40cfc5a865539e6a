/* SPDX-License-Identifier: Apache-2.0 */
/* Größen in Bytes — «naïve» café, 日本語のコメント, emoji 🚀. */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

void greet_all(void);

int main(void)
{
	const char *word = FLEXOS_SHARED_LITERAL("naïve café ☕");
	/* é */ int bytes = text_bytes(word); /* ü after */
	int cps = /* ñ */ text_codepoints(word);

	printf("«%s» bytes=%d codepoints=%d\n", word, bytes, cps);
	printf("λ=%d\n", text_codepoints("αβγδε"));
	greet_all();
	return bytes - cps == 4 ? 0 : 1;
}
