#ifndef NET_H
#define NET_H
int net_log(const char *fmt, ...);
#endif
