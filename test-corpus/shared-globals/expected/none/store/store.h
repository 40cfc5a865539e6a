/* SPDX-License-Identifier: Apache-2.0 */
#ifndef STORE_H
#define STORE_H

#include <flexos.h>

/* Declarations of shared variables defined in store.c: they get the same
 * section attribute as the definitions. */
extern int store_total __attribute__((section(".flexos_shared.data")));
extern const char store_version[] __attribute__((section(".flexos_shared.rodata")));

int store_fill(char *dst, int n);
int store_sum(const int *v, int n);

#endif
