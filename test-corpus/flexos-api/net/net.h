/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FA_NET_H
#define FA_NET_H

void net_send(const char *msg, int len);
int net_recv(char *buf, int max);
int net_store_int(const int *p);
int net_pending(void);
int net_poll(int *events);

#endif /* FA_NET_H */
