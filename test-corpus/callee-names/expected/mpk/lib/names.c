/* SPDX-License-Identifier: Apache-2.0 */
#include "names.h"

#include <stdio.h>

int f(int x) { return x + 1; }
int r(int x) { return x + 2; }
int s(int x) { return x + 3; }
int m(char *buf, int n) { for (int i = 0; i < n; i++) buf[i]++; return n; }
int slot(int x) { return x + 5; }
int site(const char *str) { int n = 0; while (str[n]) n++; return n; }
int a0(int x) { return x + 7; }
int b0(char *out, int x) { for (int i = 0; i < 4; i++) out[i] = (char)('a' + x + i); return 4; }
int n0(int x) { return x + 9; }
void __flexcc_looks_reserved(void) { puts("a callee with a reserved-looking name"); }
