/* SPDX-License-Identifier: Apache-2.0 */
#ifndef HELLO_GREET_H
#define HELLO_GREET_H

#include <stddef.h>
#include <flexos.h>

/*
 * Entry points of the greeter. greet_format() writes into the caller's
 * buffer and reads the caller's name: under an isolating mechanism the gate
 * passes copies of them (copy sharing), as the caller's memory is private.
 */
void greet_init(void);
int greet_format(char *buf __flexos_out(len), size_t len,
		 const char *name __flexos_string);
int greet_count(void);

#endif /* HELLO_GREET_H */
