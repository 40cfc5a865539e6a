/* SPDX-License-Identifier: Apache-2.0 */
#ifndef VZ_COUNTER_H
#define VZ_COUNTER_H

void counter_reset(void);
void counter_tick(void);
void counter_add(int n);
int counter_get(void);
void counter_print(const char *label);

#endif /* VZ_COUNTER_H */
