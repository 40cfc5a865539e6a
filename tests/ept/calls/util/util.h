/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EPT_UTIL_H
#define EPT_UTIL_H
int util_mix(int a, int b);
int util_fail(int code);
#endif
