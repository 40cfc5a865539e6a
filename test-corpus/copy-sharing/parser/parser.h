/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CS_PARSER_H
#define CS_PARSER_H

#include <flexos.h>
#include <stddef.h>

#define PATTERN_LEN 12
enum { KIND_NAME_MAX = 16 };
enum kind { KIND_WORD, KIND_NUMBER, KIND_OTHER };

struct kv {
	char key[16];
	long value;
};

typedef void (*word_sink)(const char *word, int index);

/* Number of space-separated words in text. */
long tok_count(const char *text __flexos_string);
/* Parses "key=value" from line[0..len); 0 on success. */
int parse_kv(const char *line __flexos_in(len), size_t len,
	     struct kv *out __flexos_out(sizeof(struct kv)));
/* Upper-cases buf[0..n) in place; returns how many letters changed. */
int upcase(char *buf __flexos_inout((size_t)n), int n);
/* Writes v in decimal to dst (at most *dstlen bytes, NUL included) and sets
 * *dstlen to the length it needs; dst may be NULL to ask for the length. */
int fmt_uint(char *dst __flexos_out(*dstlen),
	     size_t *dstlen __flexos_inout(sizeof(size_t)), unsigned v);
/* Sum of v[0..count). */
long sum_ints(const int *v __flexos_in(count * sizeof(*v)), unsigned count);
/* Fills dst with PATTERN_LEN bytes derived from seed. */
int fill_pattern(unsigned char *dst __flexos_out(PATTERN_LEN), int seed);
/* The name of k, NUL-terminated, in a KIND_NAME_MAX buffer. */
int kind_name(char *dst __flexos_out(KIND_NAME_MAX), enum kind k);
/* Calls sink with each word of text (a copy of it, NUL-terminated). */
int each_word(const char *text __flexos_string, word_sink sink);

#endif /* CS_PARSER_H */
