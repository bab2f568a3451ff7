/* resolve.h - runtime-internal: what ac_getaddrinfo gives the other socket
 * files (stream_open.c, datagram.c), and the words asyncio's messages use
 * for an address. */
#ifndef AC_RESOLVE_H
#define AC_RESOLVE_H

#include <stddef.h>

#include "asyncc.h"
#include "io/sock.h"

/* How Python shows a socket address (the `address` of asyncio's "Connect
 * call failed {address}"): ('127.0.0.1', 80) or ('::1', 80, 0, 0).  shown
 * is the host as the caller spelled it (asyncio keeps a numeric host as
 * given), or NULL for the numeric form of sa. */
void ac__sockaddr_repr(const ac_sockaddr *sa, const char *shown, char *out,
                       size_t cap);

/* The numeric host (unless host is NULL) and the port of sa; host gets ""
 * for other families. */
void ac__sockaddr_host(const ac_sockaddr *sa, char *host, size_t cap,
                       int *port);

/* Raises Python's socket.gaierror for getaddrinfo's rc ("[Errno -2] Name
 * or service not known", errno rc), or for EAI_SYSTEM the OSError of
 * sys_errno. */
void ac__raise_gaierror(int rc, int sys_errno);

/* A port number as getaddrinfo's service string. */
void ac__port_str(int port, char *out, size_t cap);

#endif
