#ifndef PEER_H
#define PEER_H
#include <stddef.h>

struct pair {
	int first;
	long second;
	char tag[8];
};

/* Adds @p n to *p; returns the new value. */
int peer_add(int *p, int n);
/* Writes @p len bytes of @p c to @p buf and a '\0' after them. */
void peer_fill(char *buf, size_t len, char c);
/* Doubles both numbers of @p pr and renames it. */
void peer_pair(struct pair *pr);
/* The sum of @p n ints at @p v. */
long peer_sum(const int *v, int n);
#endif
