#ifndef NET_H
#define NET_H
int add(int a, int b);
#endif
