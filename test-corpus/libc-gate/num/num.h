/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LG_NUM_H
#define LG_NUM_H

#include <flexos.h>

int num_sum(const int *v __flexos_in(n * sizeof(*v)), int n);

#endif /* LG_NUM_H */
