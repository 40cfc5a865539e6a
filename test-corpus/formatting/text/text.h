/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FMT_TEXT_H
#define FMT_TEXT_H

int text_count(const char *s, char c);
int text_join(char *out, int max, const char *a, const char *b);

#endif /* FMT_TEXT_H */
