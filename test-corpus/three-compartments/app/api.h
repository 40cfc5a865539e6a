/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TC_API_H
#define TC_API_H

/* app */
int app_step(int depth, int acc);
/* net */
int net_step(int depth, int acc);
int net_direct(int v);
/* vfs */
int vfs_step(int depth, int acc);
void vfs_trace(int where, int depth);

#endif /* TC_API_H */
