/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CALC_H
#define CALC_H

int calc_add(int a, int b);
int calc_mul(int a, int b);
long calc_neg(long v);
unsigned calc_mask(unsigned v, unsigned bits);

#endif /* CALC_H */
