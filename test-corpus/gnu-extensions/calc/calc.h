/* SPDX-License-Identifier: Apache-2.0 */
#ifndef GE_CALC_H
#define GE_CALC_H

int calc_inc(int v);
long calc_size(void);
int calc_zero(void);

#endif /* GE_CALC_H */
