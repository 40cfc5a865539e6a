/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EPT_GATE_UTIL_H
#define EPT_GATE_UTIL_H
#include <flexos.h>

long util_twice(long v);
#endif
