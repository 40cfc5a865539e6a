/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MF_STORE_H
#define MF_STORE_H

void store_put(int key, int value);
int store_get(int key);
int store_size(void);
int store_sum(void);
/* index.c */
int store_index_of(int key);
/* util.c */
int store_clamp(int v, int lo, int hi);

#endif /* MF_STORE_H */
