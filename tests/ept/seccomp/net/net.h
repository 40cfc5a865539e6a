/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EPT_SECCOMP_NET_H
#define EPT_SECCOMP_NET_H
int net_add(int a, int b);
int net_hello(int n);
int net_printf(int n);
int net_open(void);
#endif
