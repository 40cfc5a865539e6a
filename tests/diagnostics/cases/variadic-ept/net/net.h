#ifndef NET_H
#define NET_H
// FLEXCC: note:5: 'net_log' declared here
int net_log(const char *fmt, ...);
#endif
