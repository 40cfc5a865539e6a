/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>

int lib_get(void);
int lib_get(void)
{
	return 42;
}

/* Never called: its bytes alone make the image unsafe (a compartment could
 * jump to them), unless the configuration trusts this function. */
void lib_sneaky(void);
void lib_sneaky(void)
{
	__asm__ volatile(".byte 0x0f, 0x01, 0xef" ::: "memory");
}
