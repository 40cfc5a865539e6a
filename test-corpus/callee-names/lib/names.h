/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>

int f(int x);
int r(int x);
int s(int x);
int m(char *buf __flexos_inout(n), int n);
int slot(int x);
int site(const char *str __flexos_string);
int a0(int x);
int b0(char *out __flexos_out(4), int x);
int n0(int x);
void __flexcc_looks_reserved(void);
