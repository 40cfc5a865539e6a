/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SEQ_H
#define SEQ_H

int seq_next(int cur);
int seq_limit(void);
int seq_is_even(int v);
int seq_classify(int v);
int seq_calls(void);

#endif /* SEQ_H */
