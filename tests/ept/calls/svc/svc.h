/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EPT_SVC_H
#define EPT_SVC_H
#include <stddef.h>
#include <flexos.h>

struct pt {
	int x;
	long y;
	double z;
	char tag[8];
};

typedef int (*visit_fn)(int depth, int v);

int svc_add(int a, int b);
struct pt svc_scale(struct pt p, int k);
int svc_fail(int code);
int svc_fill(char *buf __flexos_out(n), size_t n, char c);
int svc_walk(visit_fn f, int depth, int v);
int svc_bump(int *p);
int svc_count(void);
int svc_peek(const int *p);
int svc_poke(int *p);
int svc_die(void);
int *svc_private(void);
int svc_sum_shared(const int *v, int n);
#endif
