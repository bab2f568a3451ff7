/* asyncc/net.h - More sockets: name resolution, host names and IPv6 in ac_open_connection, Unix-socket streams and servers, UDP endpoints.
 * Included by asyncc.h (include that, not this). */
#ifndef ASYNCC_NET_H
#define ASYNCC_NET_H

#endif /* ASYNCC_NET_H */
