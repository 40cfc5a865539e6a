/* SPDX-License-Identifier: Apache-2.0 */
#ifndef STRLIB_H
#define STRLIB_H

#include <stddef.h>

/* Writes s upper-cased into out (size n); returns its length. */
int str_upper(char *out, size_t n, const char *s);

#endif
