/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MB_IDS_H
#define MB_IDS_H

int ids_next(void);
int ids_peek(void);
void ids_log(const char *what, int value);

#endif /* MB_IDS_H */
