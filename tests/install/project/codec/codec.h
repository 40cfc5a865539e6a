/* SPDX-License-Identifier: Apache-2.0 */
#ifndef KVDEMO_CODEC_H
#define KVDEMO_CODEC_H
#include <stddef.h>
unsigned codec_hash(const char *key);
int codec_scramble(int value, unsigned salt);
#endif
