/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EPT_GATE_SVC_H
#define EPT_GATE_SVC_H
#include <flexos.h>

/* The callees of the timed gates, in compartment 'service'. */
long svc_nop(void);
long svc_six(long a, long b, long c, long d, long e, long f);
long svc_page(const unsigned char *p __flexos_in(4096));
/* For the idle image: a call that goes on into compartment 'utility'. */
long svc_relay(long v);
#endif
