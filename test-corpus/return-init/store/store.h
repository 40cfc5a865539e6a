/* SPDX-License-Identifier: Apache-2.0 */
#ifndef STORE_H
#define STORE_H

int store_get(int key);
const char *store_name(int key);
int store_count(void);

#endif /* STORE_H */
