/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FA_UTIL_H
#define FA_UTIL_H

unsigned util_checksum(const char *buf, int len);

#endif /* FA_UTIL_H */
