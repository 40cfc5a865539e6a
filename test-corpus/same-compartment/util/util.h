/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SC_UTIL_H
#define SC_UTIL_H

int util_double(int v);
int util_apply_app(int v);

#endif /* SC_UTIL_H */
