#ifndef NET_H
#define NET_H
// FLEXCC: note:5: 'add' declared here
int add(int a, int b);
#endif
