/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MA_COUNTER_H
#define MA_COUNTER_H

int counter_next(void);

#endif /* MA_COUNTER_H */
