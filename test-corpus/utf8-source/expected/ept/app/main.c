/* SPDX-License-Identifier: Apache-2.0 */
/* Größen in Bytes — «naïve» café, 日本語のコメント, emoji 🚀. */
#include <stdio.h>
#include <flexos.h>
#include "../text/text.h"

void greet_all(void);

extern __typeof__(text_bytes) __flexcc_gate__main__textc__text_bytes; extern __typeof__(text_codepoints) __flexcc_gate__main__textc__text_codepoints; int main(void)
{
	const char *word = FLEXOS_SHARED_LITERAL("naïve café ☕");
	/* é */ int bytes = __flexcc_gate__main__textc__text_bytes(word); /* ü after */
	int cps = /* ñ */ __flexcc_gate__main__textc__text_codepoints(word);

	printf("«%s» bytes=%d codepoints=%d\n", word, bytes, cps);
	printf("λ=%d\n", __flexcc_gate__main__textc__text_codepoints(__FLEXOS_SHARED_STR("αβγδε")));
	greet_all();
	return bytes - cps == 4 ? 0 : 1;
}
