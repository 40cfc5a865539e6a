/* SPDX-License-Identifier: Apache-2.0 */
#ifndef KVDEMO_STORE_H
#define KVDEMO_STORE_H
int store_put(const char *key, int value);
int store_get(const char *key, int *value);
int store_size(void);
#endif
