/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MPK_ATTACK_EVIL_H
#define MPK_ATTACK_EVIL_H
#include <flexos.h>

/* Mode 1: jump to the first WRPKRU of the gate main -> evil with PKRU 0
 * (every key open) in eax. Mode 2: jump past that WRPKRU and its check,
 * into the gate's use of the runtime's gate state. Mode 3: munmap a page of
 * main's data. Mode 4: pkey_mprotect main's data with evil's key. Returns
 * only if the attack is not stopped. */
int evil_run(int mode);
#endif
