/* SPDX-License-Identifier: Apache-2.0 */
#ifndef APP_H
#define APP_H

void report(const char *what, int value);
void shout(const char *word);

#endif
