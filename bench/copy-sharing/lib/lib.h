/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>

/* The same small function four ways: its pointer not copied (the caller
 * would pass shared memory), copied in, copied out, a string. */
long touch_plain(const void *p, unsigned long n);
long touch_in(const void *p __flexos_in(n), unsigned long n);
long touch_out(void *p __flexos_out(n), unsigned long n);
long touch_string(const char *s __flexos_string);
