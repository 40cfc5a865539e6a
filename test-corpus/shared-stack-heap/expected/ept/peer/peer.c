#include <string.h>
#include "peer.h"

int peer_add(int *p, int n)
{
	*p += n;
	return *p;
}

void peer_fill(char *buf, size_t len, char c)
{
	memset(buf, c, len);
	buf[len] = '\0';
}

void peer_pair(struct pair *pr)
{
	pr->first *= 2;
	pr->second *= 2;
	strcpy(pr->tag, "peer");
}

long peer_sum(const int *v, int n)
{
	long s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}
