/* sock.c - non-blocking socket helpers: connect, listen, accept, recv and
 * send, with errno mapped to Python's OSError subtypes. */
#include "io/sock.h"

#include "core/exc.h"
#include "loop/loop.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The message Python gives an address: "('127.0.0.1', 80)". */
static void addr_repr(char *out, size_t cap, const char *host, int port)
{
    snprintf(out, cap, "('%s', %d)", host ? host : "", port);
}

/* asyncio's words when the connect completes with an error: "[Errno 111]
 * Connect call failed ('127.0.0.1', 80)"; where is the address as Python
 * shows it. */
void ac__sock_raise_connect_error(int err, const char *where)
{
    ac_err_set(ac__exc_from_errno_words(err, "Connect call failed ", where));
}

/* s in the form inet_pton accepts that programs write ("127.0.0.1": four
 * fields of 0-255, no leading zeros) into *out; false for anything else,
 * which inet_pton then decides.  glibc's inet_pton was a port scan's first
 * function: an address is parsed at every connect. */
static bool dotted_quad(const char *s, struct in_addr *out)
{
    unsigned char bytes[4];
    for (int i = 0; i < 4; i++) {
        if (i > 0 && *s++ != '.')
            return false;
        if (*s < '0' || *s > '9')
            return false;
        unsigned v = (unsigned)(*s++ - '0');
        for (int n = 1; *s >= '0' && *s <= '9'; n++) {
            if (n == 3 || v == 0) /* four digits, or a leading zero */
                return false;
            v = v * 10 + (unsigned)(*s++ - '0');
        }
        if (v > 255)
            return false;
        bytes[i] = (unsigned char)v;
    }
    if (*s != '\0')
        return false;
    memcpy(&out->s_addr, bytes, 4); /* network order: as written */
    return true;
}

int ac__sock_addr(const char *host, int port, ac_sockaddr *sa)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&sa->ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&sa->ss;
    if (host == NULL || *host == '\0')
        host = "0.0.0.0";
    if (dotted_quad(host, &v4->sin_addr) ||
        inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((unsigned short)port);
        sa->len = sizeof *v4;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)port);
        sa->len = sizeof *v6;
        return 0;
    }
    return -1;
}

/* Out of descriptors, socket() fails with EMFILE only after it has built
 * the socket, and thousands of tasks connecting at once past `ulimit -n`
 * (a port scan) would each pay for that.  Once it failed so, until this
 * thread's runtime closes a socket, a dup() of the loop's own descriptor
 * (a tenth of the cost) says first whether a number is free.  The answer
 * is the one socket() would give: descriptors closed by anyone count. */
static _Thread_local bool out_of_fds;

static bool no_fd_free(void)
{
    ac_loop *loop = ac__running_loop();
    if (!out_of_fds || loop == NULL)
        return false;
    int probe = fcntl(loop->wake_rd, F_DUPFD_CLOEXEC, 0);
    if (probe >= 0) {
        close(probe);
        out_of_fds = false;
        return false;
    }
    return errno == EMFILE;
}

int ac__sock_new(int family, int type)
{
    int fd = -1;
    if (no_fd_free())
        errno = EMFILE;
    else
        fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        out_of_fds = errno == EMFILE;
        ac_err_set(ac_exc_from_errno(errno, NULL));
    } else {
        ac__loop_io_opened(ac__running_loop(), fd);
    }
    return fd;
}

/* Nagle off on a connected TCP socket, as asyncio's transports do; set
 * once connected, so a refused connect costs no extra system call. */
void ac__sock_nodelay(int fd, int family)
{
    int one = 1;
    if (family == AF_INET || family == AF_INET6)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int ac__sock_connect_to(const ac_sockaddr *sa, int type, int *in_progress)
{
    int fd = ac__sock_new(sa->ss.ss_family, type);
    if (fd < 0)
        return -1;
    *in_progress = 0;
    if (connect(fd, (const struct sockaddr *)&sa->ss, sa->len) == 0) {
        ac__sock_nodelay(fd, sa->ss.ss_family);
        return fd;
    }
    /* asyncio waits for writability after BlockingIOError or
     * InterruptedError; anything else is the socket's own error. */
    if (errno == EINPROGRESS || errno == EINTR || errno == EAGAIN ||
        errno == EALREADY) {
        *in_progress = 1;
        return fd;
    }
    int err = errno;
    ac__sock_close(fd);
    ac_err_set(ac_exc_from_errno(err, NULL));
    return -1;
}

int ac__sock_connect_error(int fd)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    return err;
}

int ac__sock_connect_result_at(int fd, const char *where)
{
    int err = ac__sock_connect_error(fd);
    if (err == 0)
        return 0;
    ac__sock_raise_connect_error(err, where);
    return -1;
}

int ac__sock_connect(const ac_sockaddr *sa, const char *host, int port,
                     int *in_progress)
{
    (void)host;
    (void)port;
    return ac__sock_connect_to(sa, SOCK_STREAM, in_progress);
}

int ac__sock_connect_result(int fd, const char *host, int port)
{
    char where[300];
    addr_repr(where, sizeof where, host, port);
    return ac__sock_connect_result_at(fd, where);
}

/* Python's words for a failed bind: the strerror in lower case. */
static void raise_bind_error(int err, const char *host, int port)
{
    char reason[128], addr[300];
    snprintf(reason, sizeof reason, "%s", strerror(err));
    for (char *p = reason; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    addr_repr(addr, sizeof addr, host, port);
    ac_err_set(ac_exc_from_errno(
        err, "error while attempting to bind on address %s: %s", addr, reason));
}

int ac__sock_check_port(const char *call, int port)
{
    if (port >= 0 && port <= 65535)
        return 0;
    return ac_err_format(&ac_OverflowError, "%s(): port must be 0-65535.",
                         call);
}

int ac__sock_listen(const char *host, int port, int backlog)
{
    if (ac__sock_check_port("bind", port) < 0)
        return -1;
    ac_sockaddr sa;
    if (ac__sock_addr(host, port, &sa) < 0) {
        ac_err_format(&ac_ValueError, "not a numeric address: '%s'", host);
        return -1;
    }
    int fd = ac__sock_new(sa.ss.ss_family, SOCK_STREAM);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa.ss, sa.len) < 0) {
        int err = errno;
        ac__sock_close(fd);
        raise_bind_error(err, host, port);
        return -1;
    }
    if (listen(fd, backlog) < 0) {
        int err = errno;
        ac__sock_close(fd);
        ac_err_set(ac_exc_from_errno(err, NULL));
        return -1;
    }
    return fd;
}

static int would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

int ac__sock_accept(int listen_fd)
{
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ac__loop_io_opened(ac__running_loop(), fd);
        return fd;
    }
    /* A connection that died in the backlog is not the server's error. */
    if (would_block(errno) || errno == ECONNABORTED || errno == EPROTO)
        return AC__SOCK_AGAIN;
    ac_err_set(ac_exc_from_errno(errno, NULL));
    return -1;
}

int ac__sock_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

/* Counted per thread for the tests that prove a system call was spared. */
static _Thread_local ac__sock_calls calls;

ac__sock_calls *ac__sock_call_counts(void)
{
    return &calls;
}

ssize_t ac__sock_recv(int fd, void *buf, size_t n)
{
    calls.recvs++;
    ssize_t r = recv(fd, buf, n, 0);
    if (r >= 0)
        return r;
    if (would_block(errno))
        return AC__SOCK_AGAIN;
    ac_err_set(ac_exc_from_errno(errno, NULL));
    return -1;
}

ssize_t ac__sock_send(int fd, const void *buf, size_t n)
{
    /* MSG_NOSIGNAL: a closed peer is an EPIPE exception, not SIGPIPE. */
    calls.sends++;
    ssize_t r = send(fd, buf, n, MSG_NOSIGNAL);
    if (r >= 0)
        return r;
    if (would_block(errno))
        return AC__SOCK_AGAIN;
    ac_err_set(ac_exc_from_errno(errno, NULL));
    return -1;
}

int ac__sock_shutdown_write(int fd)
{
    if (shutdown(fd, SHUT_WR) == 0 || errno == ENOTCONN)
        return 0;
    ac_err_set(ac_exc_from_errno(errno, NULL));
    return -1;
}

void ac__sock_close(int fd)
{
    int saved = errno;
    if (fd >= 0) {
        close(fd);
        ac__loop_io_closed(ac__running_loop(), fd);
        out_of_fds = false;
    }
    errno = saved;
}
