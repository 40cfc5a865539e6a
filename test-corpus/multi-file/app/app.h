/* SPDX-License-Identifier: Apache-2.0 */
#ifndef MF_APP_H
#define MF_APP_H

/* Called back by net for every packet it delivers. */
int app_on_packet(int id, int len);
int app_packets_seen(void);
void app_report(void);

#endif /* MF_APP_H */
