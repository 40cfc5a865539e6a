/* SPDX-License-Identifier: Apache-2.0 */
#ifndef NESTED_FMT_H
#define NESTED_FMT_H

/* Writes "<label>=<value>" into a static buffer and returns it. */
const char *fmt_pair(const char *label, int value);
int fmt_width(int value);

#endif /* NESTED_FMT_H */
