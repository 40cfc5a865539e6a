/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MPK_SIGNALS_LIB_H
#define MPK_SIGNALS_LIB_H
#include <flexos.h>

/* Installs lib's SIGUSR1 handler (it counts in lib's private data). */
int lib_arm(void);
/* Raises @p sig while this thread runs in lib; returns lib's count. */
int lib_raise(int sig);
#endif
