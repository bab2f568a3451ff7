/* sock.h - runtime-internal: non-blocking socket helpers for streams and
 * servers.  Every call that fails sets the thread's exception (the errno
 * mapped to its OSError subtype by ac_exc_from_errno) and returns -1; "would
 * block" is not a failure and has its own result, AC__SOCK_AGAIN. */
#ifndef AC_SOCK_H
#define AC_SOCK_H

#include <sys/socket.h>

#include "asyncc.h"

#define AC__SOCK_AGAIN (-2)

/* A numeric address (IPv4 or IPv6 literal) and a port. */
typedef struct ac_sockaddr {
    struct sockaddr_storage ss;
    socklen_t len;
} ac_sockaddr;

/* 0 when host is a numeric IPv4/IPv6 address (sa filled), -1 when it is
 * not (a name to resolve; no exception set). */
int ac__sock_addr(const char *host, int port, ac_sockaddr *sa);

/* A new non-blocking, close-on-exec socket of family and type
 * (SOCK_STREAM, SOCK_DGRAM); -1 with the exception. */
int ac__sock_new(int family, int type);

/* Start a non-blocking connect of a new socket of the given type to sa:
 * the descriptor, *in_progress set when the connection is not made yet
 * (wait until writable, then ac__sock_connect_result_at); -1 with the
 * socket's own error (as Python's sock.connect) on failure. */
int ac__sock_connect_to(const ac_sockaddr *sa, int type, int *in_progress);
/* After writability: 0 when connected, -1 with asyncio's "[Errno N]
 * Connect call failed {where}" (where: ac__sockaddr_repr's words); the
 * descriptor is left open: the caller closes it. */
int ac__sock_connect_result_at(int fd, const char *where);
/* Its two halves, for callers that word the address only when it failed
 * (a port scan's refused connects are most of its work): the socket's
 * pending error (0: connected), and the raise. */
int ac__sock_connect_error(int fd);
void ac__sock_raise_connect_error(int err, const char *where);

/* The same for SOCK_STREAM, older words: start a non-blocking connect: returns
 * the new descriptor and sets *in_progress when the connection is not made yet
 * (wait until writable, then ac__sock_connect_result); -1 with the exception on
 * failure.  host and port only word the message, as asyncio: "Connect call
 * failed ('h', p)". */
int ac__sock_connect(const ac_sockaddr *sa, const char *host, int port,
                     int *in_progress);
/* After writability: 0 when connected, -1 with the exception (the
 * descriptor is left open: the caller closes it). */
int ac__sock_connect_result(int fd, const char *host, int port);
/* TCP_NODELAY on a connected TCP socket (a no-op for other families). */
void ac__sock_nodelay(int fd, int family);

/* 0 for a port in 0-65535, else -1 with Python's OverflowError ("connect():
 * port must be 0-65535." for call "connect"). */
int ac__sock_check_port(const char *call, int port);

/* A non-blocking listening socket bound to host:port (numeric host; port 0
 * picks one); -1 with the exception. */
int ac__sock_listen(const char *host, int port, int backlog);
/* A non-blocking accepted descriptor, AC__SOCK_AGAIN, or -1. */
int ac__sock_accept(int listen_fd);
/* The local port of a bound socket, -1 on error. */
int ac__sock_port(int fd);

/* Bytes moved (0 from recv: end of stream), AC__SOCK_AGAIN, or -1. */
ssize_t ac__sock_recv(int fd, void *buf, size_t n);
ssize_t ac__sock_send(int fd, const void *buf, size_t n);

/* How many recv and send calls ac__sock_recv/_send made on this thread
 * (the tests' way to count system calls). */
typedef struct ac__sock_calls {
    unsigned long recvs, sends;
} ac__sock_calls;
ac__sock_calls *ac__sock_call_counts(void);

/* shutdown(SHUT_WR): send end of stream, keep reading. */
int ac__sock_shutdown_write(int fd);
/* close(2) that retries nothing (POSIX: the descriptor is gone either
 * way) and keeps errno of the caller; tells the running loop. */
void ac__sock_close(int fd);

/* ac_wait_readable/_writable for a socket the runtime opened (socket or
 * accept here) and closes with ac__sock_close: watching it again costs no
 * system call (loop_io.c). */
void *ac__sock_wait_readable(int fd);
void *ac__sock_wait_writable(int fd);

#endif
