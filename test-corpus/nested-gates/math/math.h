/* SPDX-License-Identifier: Apache-2.0 */
#ifndef NESTED_MATH_H
#define NESTED_MATH_H

int math_add(int a, int b);
int math_mul(int a, int b);
int math_sq(int a);

#endif /* NESTED_MATH_H */
