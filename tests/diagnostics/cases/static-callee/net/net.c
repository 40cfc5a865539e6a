int unused_net;
