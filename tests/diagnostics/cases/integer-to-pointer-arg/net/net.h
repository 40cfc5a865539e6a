#ifndef NET_H
#define NET_H
long fill(long *dst, int n);
#endif
