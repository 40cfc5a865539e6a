/* SPDX-License-Identifier: Apache-2.0 */
/* This header has CRLF line endings. */
#ifndef CRLF_TEXT_H
#define CRLF_TEXT_H

int text_len(const char *s);
int text_count(const char *s, char c);
void text_upper(char *s);

#endif /* CRLF_TEXT_H */
