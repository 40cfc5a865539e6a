/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MPK_GATE_SVC_H
#define MPK_GATE_SVC_H
#include <flexos.h>

/* The callees of the counted gates, in compartment 'service'. */
int f0(void);
long f6(long a, long b, long c, long d, long e, long f);
#endif
