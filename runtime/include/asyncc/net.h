/* asyncc/net.h - More sockets: name resolution, host names and IPv6 in ac_open_connection, Unix-socket streams and servers, UDP endpoints.
 * Included by asyncc.h (include that, not this).  docs/NETWORK.md tells
 * how each maps to asyncio. */
#ifndef ASYNCC_NET_H
#define ASYNCC_NET_H

struct addrinfo; /* <netdb.h>: include it to read the list */

typedef struct ac_addrinfo ac_addrinfo;
typedef struct ac_datagram ac_datagram;

/* socket.gaierror, an OSError: a failed getaddrinfo.  Its errno is the
 * EAI_* code and its message Python's: "[Errno -2] Name or service not
 * known". */
AC_DECLARE_EXC_TYPE(ac_gaierror);

/* loop.getaddrinfo: getaddrinfo(3) run on the loop's default executor (the
 * loop never blocks).  host or port may be NULL; family 0 (AF_UNSPEC) and
 * socktype 0 take any, as Python's defaults.  -> ac_addrinfo * (a new
 * reference; ac_decref it), or raises ac_gaierror. */
void *ac_getaddrinfo(const char *host, const char *port, int family,
                     int socktype);
/* The list getaddrinfo gave, in its order; borrowed from the handle. */
const struct addrinfo *ac_addrinfo_list(const ac_addrinfo *ai);

/* Server.wait_closed (3.12's): done once the server is closed and every
 * connection's handler has returned. */
void *ac_server_wait_closed(ac_server *srv);

/* asyncio.open_unix_connection / start_unix_server.  A Unix server
 * removes a stale socket file before binding (as 3.11) and its own
 * socket file when closed (as 3.13's cleanup_socket=True); its
 * ac_server_port is -1. */
void *ac_open_unix_connection(const char *path); /* -> ac_stream * */
void *ac_start_unix_server(ac_conn_handler handler, void *arg,
                           const char *path); /* -> ac_server * */

/* loop.create_datagram_endpoint with UDP: local_host NULL and local_port 0
 * bind nothing particular, remote_host NULL connects to nothing.  The
 * endpoint is a handle: ac_datagram_close it, then ac_decref it.
 * -> ac_datagram * */
void *ac_create_datagram_endpoint(const char *local_host, int local_port,
                                  const char *remote_host, int remote_port);
/* transport.sendto: host NULL sends to the connected remote.  An error
 * the kernel reports (asyncio's protocol.error_received) is raised. */
int ac_datagram_sendto(ac_datagram *d, const void *buf, size_t n,
                       const char *host, int port);
/* The next datagram, at most cap bytes of it (the rest is dropped), and
 * where it came from (numeric host, NUL-terminated, when host is not
 * NULL; port when port is not NULL).  -> ssize_t its length */
void *ac_datagram_recvfrom(ac_datagram *d, void *buf, size_t cap, char *host,
                           size_t hostcap, int *port);
int ac_datagram_port(ac_datagram *d); /* the local port */
void ac_datagram_close(ac_datagram *d);

#endif /* ASYNCC_NET_H */
