/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SC_APP_H
#define SC_APP_H

int app_increment(int v);

#endif /* SC_APP_H */
