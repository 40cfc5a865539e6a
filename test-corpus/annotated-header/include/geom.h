/* SPDX-License-Identifier: Apache-2.0 */
#ifndef AH_GEOM_H
#define AH_GEOM_H

int geom_area(int w, int h);
void geom_count(void);
int geom_counted(void);

#endif /* AH_GEOM_H */
