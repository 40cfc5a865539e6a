/* SPDX-License-Identifier: Apache-2.0 */
#include "parser.h"

#include <string.h>

long tok_count(const char *text)
{
	long n = 0;
	int in_word = 0;

	for (; *text; text++) {
		if (*text == ' ') {
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			n++;
		}
	}
	return n;
}

int parse_kv(const char *line, size_t len, struct kv *out)
{
	size_t i = 0, k = 0;
	long v = 0;

	while (i < len && line[i] != '=' && k + 1 < sizeof(out->key))
		out->key[k++] = line[i++];
	out->key[k] = '\0';
	if (i == len || line[i] != '=')
		return -1;
	for (i++; i < len; i++) {
		if (line[i] < '0' || line[i] > '9')
			return -2;
		v = v * 10 + (line[i] - '0');
	}
	out->value = v;
	return 0;
}

int upcase(char *buf, int n)
{
	int changed = 0;

	for (int i = 0; i < n; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z') {
			buf[i] = (char)(buf[i] - 'a' + 'A');
			changed++;
		}
	return changed;
}

int fmt_uint(char *dst, size_t *dstlen, unsigned v)
{
	char tmp[16];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (dst) {
		if (*dstlen < n + 1)
			return -1;
		for (size_t i = 0; i < n; i++)
			dst[i] = tmp[n - 1 - i];
		dst[n] = '\0';
	}
	*dstlen = n + 1;
	return 0;
}

long sum_ints(const int *v, unsigned count)
{
	long s = 0;

	for (unsigned i = 0; i < count; i++)
		s += v[i];
	return s;
}

int fill_pattern(unsigned char *dst, int seed)
{
	for (int i = 0; i < PATTERN_LEN; i++)
		dst[i] = (unsigned char)(seed * 7 + i * 13);
	return PATTERN_LEN;
}

int kind_name(char *dst, enum kind k)
{
	static const char *const names[] = { "word", "number", "other" };

	memset(dst, 0, KIND_NAME_MAX);
	strcpy(dst, names[k]);
	return (int)strlen(dst);
}

int each_word(const char *text, word_sink sink)
{
	char word[32];
	int n = 0;

	while (*text) {
		size_t len = 0;

		while (*text == ' ')
			text++;
		while (text[len] && text[len] != ' ' && len + 1 < sizeof(word))
			len++;
		if (!len)
			break;
		memcpy(word, text, len);
		word[len] = '\0';
		/* word is this compartment's private stack: the callback's
		 * annotation copies it for the caller's compartment. */
		sink(word, n++);
		text += len;
	}
	return n;
}
