/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FA_APP_H
#define FA_APP_H

int app_on_event(int ev);

#endif /* FA_APP_H */
