/* SPDX-License-Identifier: Apache-2.0 */
#ifndef HELLO_GREET_H
#define HELLO_GREET_H

#include <stddef.h>

/* Entry points of the greeter. */
void greet_init(void);
int greet_format(char *buf, size_t len, const char *name);
int greet_count(void);

#endif /* HELLO_GREET_H */
