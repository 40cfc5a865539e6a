#ifndef NET_H
#define NET_H
struct packet { char bytes[300]; };
struct small { char bytes[256]; };
struct packet next_packet(void);
struct small next_small(void);
#endif
