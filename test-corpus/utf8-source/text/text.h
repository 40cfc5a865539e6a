/* SPDX-License-Identifier: Apache-2.0 */
#ifndef UTF8_TEXT_H
#define UTF8_TEXT_H

/* Number of bytes / of code points (UTF-8) in s. */
int text_bytes(const char *s);
int text_codepoints(const char *s);
const char *text_greeting(int lang);

#endif /* UTF8_TEXT_H */
