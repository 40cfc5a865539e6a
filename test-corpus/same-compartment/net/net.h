/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SC_NET_H
#define SC_NET_H

int net_checksum(int v);
int net_fold(int v);

#endif /* SC_NET_H */
