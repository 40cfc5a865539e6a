/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MF_NET_H
#define MF_NET_H

int net_flush(int npackets);
long net_bytes(void);
void net_note_lookup(void);
/* proto.c */
int proto_deliver(int id);

#endif /* MF_NET_H */
