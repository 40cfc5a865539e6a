/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MA_MATH_H
#define MA_MATH_H

int math_add(int a, int b);
int math_mul(int a, int b);

#endif /* MA_MATH_H */
