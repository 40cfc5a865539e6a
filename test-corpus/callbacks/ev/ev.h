/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CB_EV_H
#define CB_EV_H

typedef int (*ev_handler)(int code, void *arg);

struct ev_ops {
	ev_handler on_event;
	void (*on_done)(long total);
};

/* Handlers are called through the pointers given here. */
void ev_register(int slot, ev_handler h);
void ev_set_ops(const struct ev_ops *ops);
int ev_fire(int code);
long ev_finish(void);

#endif /* CB_EV_H */
