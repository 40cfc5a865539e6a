/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LG_NUM_H
#define LG_NUM_H

int num_sum(const int *v, int n);

#endif /* LG_NUM_H */
