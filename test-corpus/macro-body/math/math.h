/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MB_MATH_H
#define MB_MATH_H

int math_add(int a, int b);
int math_mul(int a, int b);

#endif /* MB_MATH_H */
