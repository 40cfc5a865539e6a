/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FMT_TEXT_H
#define FMT_TEXT_H

#include <flexos.h>

int text_count(const char *s, char c);
int text_join(char *out __flexos_out(max), int max, const char *a, const char *b);

#endif /* FMT_TEXT_H */
