/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CB_APP_H
#define CB_APP_H

#include <flexos.h>
#include "../ev/ev.h"

/* Called back by compartment events: the mark is on the declaration that
 * every file taking its address sees. */
int app_on_event(int code, void *arg) __flexos_callback;
ev_handler app_pick(int which);
extern int app_events;

#endif /* CB_APP_H */
