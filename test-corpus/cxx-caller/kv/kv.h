/* SPDX-License-Identifier: Apache-2.0 */
#ifndef KV_H
#define KV_H

#ifdef __cplusplus
extern "C" {
#endif

struct kv_pair {
	int key;
	int value;
};

int kv_set(int key, int value);
int kv_get(int key, int fallback);
int kv_count(void);
struct kv_pair kv_at(int index);
void kv_clear(void);

#ifdef __cplusplus
}
#endif

#endif /* KV_H */
