/* datagram.c - UDP endpoints, as loop.create_datagram_endpoint with its
 * transport's sendto and a pull-style recvfrom in place of the protocol's
 * datagram_received / error_received: the call that meets an error the
 * kernel reports raises it. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/object.h"
#include "io/resolve.h"
#include "io/sock.h"
#include "io/sock_coro.h"
#include "loop/future.h"

struct ac_datagram {
    ac_object ob;
    int fd;     /* -1 once closed */
    int family; /* of the socket */
    bool connected;
    char remote_host[INET6_ADDRSTRLEN + 1]; /* as asyncio keeps it */
    int remote_port;
    int remote_family;
    void *reader_wait; /* the fd wait of a recvfrom in progress (borrowed) */
};

static void datagram_dealloc(ac_object *o)
{
    ac_datagram *d = (ac_datagram *)o;
    ac__sock_close(d->fd);
    free(d);
}

static const ac_objtype datagram_type = {.name = "DatagramTransport",
                                         .kind = AC_OBJ_OTHER,
                                         .dealloc = datagram_dealloc};

int ac_datagram_port(ac_datagram *d)
{
    return d->fd < 0 ? -1 : ac__sock_port(d->fd);
}

static int raise_closed(void)
{
    ac_err_set(ac_exc_from_errno(EBADF, NULL));
    return -1;
}

void ac_datagram_close(ac_datagram *d)
{
    if (d->fd < 0)
        return;
    /* Cancelling the wait stops the watch at once: the fd can go now, and
     * the receiver raises EBADF when it wakes. */
    if (d->reader_wait != NULL)
        ac_future_cancel(d->reader_wait);
    ac__sock_close(d->fd);
    d->fd = -1;
}

/* host:port as a socket address of the socket's family: a literal of
 * that family, or else what getaddrinfo gives for that family, resolving
 * here (blocking) as Python's sock.sendto does; a literal of the other
 * family is gaierror "[Errno -9] Address family for hostname not
 * supported", as there. */
static int dest_addr(ac_datagram *d, const char *host, int port,
                     ac_sockaddr *sa)
{
    if (ac__sock_check_port("sendto", port) < 0)
        return -1;
    if (*host != '\0' && ac__sock_addr(host, port, sa) == 0 &&
        sa->ss.ss_family == d->family)
        return 0;
    struct addrinfo hints, *res = NULL;
    char service[16];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = d->family;
    hints.ai_socktype = SOCK_DGRAM;
    ac__port_str(port, service, sizeof service);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        ac__raise_gaierror(rc, errno);
        return -1;
    }
    memset(sa, 0, sizeof *sa);
    memcpy(&sa->ss, res->ai_addr, res->ai_addrlen);
    sa->len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

int ac_datagram_sendto(ac_datagram *d, const void *buf, size_t n,
                       const char *host, int port)
{
    if (d->fd < 0)
        return raise_closed();
    if (d->connected && host != NULL &&
        (d->remote_family != AF_INET || strcmp(host, d->remote_host) != 0 ||
         port != d->remote_port)) {
        if (d->remote_family == AF_INET6)
            return ac_err_format(&ac_ValueError,
                                 "Invalid address: must be None or ('%s', "
                                 "%d, 0, 0)",
                                 d->remote_host, d->remote_port);
        return ac_err_format(&ac_ValueError,
                             "Invalid address: must be None or ('%s', %d)",
                             d->remote_host, d->remote_port);
    }
    if (!d->connected && host == NULL)
        return ac_err_format(&ac_ValueError,
                             "sendto(): no address, and the endpoint is not "
                             "connected");
    if (n == 0)
        return 0; /* asyncio 3.11 sends no empty datagram */
    ssize_t r;
    if (d->connected) {
        r = send(d->fd, buf, n, MSG_NOSIGNAL);
    } else {
        ac_sockaddr sa;
        if (dest_addr(d, host, port, &sa) < 0)
            return -1;
        r = sendto(d->fd, buf, n, MSG_NOSIGNAL, (struct sockaddr *)&sa.ss,
                   sa.len);
    }
    if (r < 0) {
        ac_err_set(ac_exc_from_errno(errno, NULL));
        return -1;
    }
    return 0;
}

/* ---- recvfrom ----------------------------------------------------------- */

typedef struct recv_frame {
    ac_frame hdr;
    ssize_t ac_result;
    ac_datagram *d;
    void *buf;
    size_t cap;
    char *host;
    size_t hostcap;
    int *port;
    void *aw;
} recv_frame;

static void recv_drop(ac_frame *f)
{
    recv_frame *fr = (recv_frame *)f;
    if (fr->d != NULL && fr->aw != NULL && fr->d->reader_wait == fr->aw)
        fr->d->reader_wait = NULL;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->d);
    fr->d = NULL;
}

/* One recvfrom(2): its length, AC__SOCK_AGAIN, or -1 with the error. */
static ssize_t receive(recv_frame *fr)
{
    ac_sockaddr from;
    memset(&from, 0, sizeof from);
    from.len = sizeof from.ss;
    ssize_t n = recvfrom(fr->d->fd, fr->buf, fr->cap, 0,
                         (struct sockaddr *)&from.ss, &from.len);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return AC__SOCK_AGAIN;
        ac_err_set(ac_exc_from_errno(errno, NULL));
        return -1;
    }
    char host[INET6_ADDRSTRLEN];
    int port;
    ac__sockaddr_host(&from, host, sizeof host, &port);
    if (fr->host != NULL && fr->hostcap > 0)
        snprintf(fr->host, fr->hostcap, "%s", host);
    if (fr->port != NULL)
        *fr->port = port;
    return n;
}

static int recv_resume(ac_frame *f)
{
    recv_frame *fr = (recv_frame *)f;
    ac_datagram *d = fr->d;
    int r;
    if (f->state == 1)
        goto s1;
    if (d->reader_wait != NULL) {
        ac_err_format(&ac_RuntimeError, "recvfrom() called while another "
                                        "coroutine is already waiting for a "
                                        "datagram");
        goto fail;
    }
    for (;;) {
        if (d->fd < 0) {
            raise_closed();
            goto fail;
        }
        ssize_t n = receive(fr);
        if (n >= 0) {
            fr->ac_result = n;
            break;
        }
        if (n == -1)
            goto fail;
        fr->aw = ac__sock_wait_readable(d->fd);
        d->reader_wait = fr->aw;
        r = ac__io_await(f, &fr->aw, 1);
        if (r > 0)
            return r;
        d->reader_wait = NULL;
        if (r < 0)
            goto fail;
    s1:
        d->reader_wait = NULL;
        if (ac__await_result(f, &fr->aw, NULL, 0) < 0) {
            if (d->fd >= 0)
                goto fail;
            ac_err_clear(); /* woken by ac_datagram_close */
        }
    }
    recv_drop(f);
    return AC_RETURNED;
fail:
    recv_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(recv_code, "ac_datagram_recvfrom", recv_frame, recv_resume,
              recv_drop);

void *ac_datagram_recvfrom(ac_datagram *d, void *buf, size_t cap, char *host,
                           size_t hostcap, int *port)
{
    recv_frame *fr = (recv_frame *)ac__frame_new(&recv_code);
    if (fr == NULL)
        return NULL;
    ac_incref(d);
    fr->d = d;
    fr->buf = buf;
    fr->cap = cap;
    fr->host = host;
    fr->hostcap = hostcap;
    fr->port = port;
    return fr;
}

/* ---- create_datagram_endpoint ------------------------------------------- */

/* asyncio joins the local and remote addresses by (family, protocol): one
 * candidate socket per pair, tried in order of first appearance. */
#define MAX_PAIRS 8

typedef struct addr_pair {
    int family;
    bool has_local, has_remote;
    ac_sockaddr local, remote;
} addr_pair;

typedef struct create_frame {
    ac_frame hdr;
    ac_datagram *ac_result;
    char *local_host, *remote_host;
    int local_port, remote_port;
    bool want_local, want_remote;
    addr_pair pairs[MAX_PAIRS];
    int npairs;
    void *aw;
} create_frame;

static void create_drop(ac_frame *f)
{
    create_frame *fr = (create_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    free(fr->local_host);
    fr->local_host = NULL;
    free(fr->remote_host);
    fr->remote_host = NULL;
}

static addr_pair *pair_of(create_frame *fr, int family)
{
    for (int i = 0; i < fr->npairs; i++)
        if (fr->pairs[i].family == family)
            return &fr->pairs[i];
    if (fr->npairs == MAX_PAIRS)
        return NULL;
    addr_pair *p = &fr->pairs[fr->npairs++];
    memset(p, 0, sizeof *p);
    p->family = family;
    return p;
}

/* Records sa as the local (or remote) address of its family's pair; a
 * later address of the same family replaces an earlier one, as in
 * asyncio's dict. */
static void add_addr(create_frame *fr, const ac_sockaddr *sa, bool remote)
{
    addr_pair *p = pair_of(fr, sa->ss.ss_family);
    if (p == NULL)
        return;
    if (remote) {
        p->remote = *sa;
        p->has_remote = true;
    } else {
        p->local = *sa;
        p->has_local = true;
    }
}

static void add_infos(create_frame *fr, ac_addrinfo *infos, bool remote)
{
    for (const struct addrinfo *ai = ac_addrinfo_list(infos); ai != NULL;
         ai = ai->ai_next) {
        ac_sockaddr sa;
        if (ai->ai_addrlen > sizeof sa.ss)
            continue;
        memset(&sa, 0, sizeof sa);
        memcpy(&sa.ss, ai->ai_addr, ai->ai_addrlen);
        sa.len = ai->ai_addrlen;
        add_addr(fr, &sa, remote);
    }
}

/* Starts resolving host:port unless it is numeric (then recorded now):
 * fr->aw gets the ac_getaddrinfo awaitable, or stays NULL. */
static int resolve(create_frame *fr, const char *host, int port, bool remote)
{
    ac_sockaddr sa;
    if (host != NULL && *host != '\0' && ac__sock_addr(host, port, &sa) == 0) {
        add_addr(fr, &sa, remote);
        return 0;
    }
    char service[16];
    ac__port_str(port, service, sizeof service);
    fr->aw = ac_getaddrinfo(host, service, AF_UNSPEC, SOCK_DGRAM);
    return fr->aw == NULL ? -1 : 0;
}

/* The remote address as asyncio keeps it: the host as given when numeric,
 * else getaddrinfo's numeric form. */
static void keep_remote(ac_datagram *d, const addr_pair *p, const char *given)
{
    char host[INET6_ADDRSTRLEN];
    ac__sockaddr_host(&p->remote, host, sizeof host, &d->remote_port);
    ac_sockaddr probe;
    bool numeric = given != NULL && *given != '\0' &&
                   ac__sock_addr(given, d->remote_port, &probe) == 0;
    snprintf(d->remote_host, sizeof d->remote_host, "%s",
             numeric ? given : host);
    d->remote_family = p->family;
    d->connected = true;
}

/* One candidate: a socket bound and connected as the pair says; -1 with
 * the error. */
static int try_pair(const addr_pair *p)
{
    int fd = ac__sock_new(p->family, SOCK_DGRAM);
    if (fd < 0)
        return -1;
    if ((p->has_local &&
         bind(fd, (const struct sockaddr *)&p->local.ss, p->local.len) < 0) ||
        (p->has_remote && connect(fd, (const struct sockaddr *)&p->remote.ss,
                                  p->remote.len) < 0)) {
        int err = errno;
        ac__sock_close(fd);
        ac_err_set(ac_exc_from_errno(err, NULL));
        return -1;
    }
    return fd;
}

static ac_datagram *datagram_new(create_frame *fr)
{
    ac_exc *first = NULL;
    for (int i = 0; i < fr->npairs; i++) {
        const addr_pair *p = &fr->pairs[i];
        if ((fr->want_local && !p->has_local) ||
            (fr->want_remote && !p->has_remote))
            continue;
        int fd = try_pair(p);
        if (fd < 0) {
            if (first == NULL)
                first = ac_err_fetch();
            else
                ac_err_clear();
            continue;
        }
        ac_decref(first);
        ac_datagram *d = ac__zalloc(sizeof *d);
        if (d == NULL) {
            ac__sock_close(fd);
            ac_err_format(&ac_MemoryError, NULL);
            return NULL;
        }
        ac__object_init(&d->ob, &datagram_type);
        d->fd = fd;
        d->family = p->family;
        if (p->has_remote)
            keep_remote(d, p, fr->remote_host);
        return d;
    }
    if (first != NULL)
        ac_err_set(first); /* asyncio raises the first failure */
    else
        ac_err_format(&ac_ValueError, "can not get address information");
    return NULL;
}

static int create_resume(ac_frame *f)
{
    create_frame *fr = (create_frame *)f;
    ac_addrinfo *infos;
    int r;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    if (!fr->want_local && !fr->want_remote) {
        ac_err_format(&ac_ValueError, "unexpected address family");
        goto fail;
    }
    if (fr->want_local) {
        if (ac__sock_check_port("bind", fr->local_port) < 0 ||
            resolve(fr, fr->local_host, fr->local_port, false) < 0)
            goto fail;
        if (fr->aw != NULL) {
            AC__AWAIT(f, &fr->aw, 1, &infos, sizeof infos, r);
            if (r < 0)
                goto fail;
            add_infos(fr, infos, false);
            ac_decref(infos);
        }
    }
    if (fr->want_remote) {
        if (ac__sock_check_port("connect", fr->remote_port) < 0 ||
            resolve(fr, fr->remote_host, fr->remote_port, true) < 0)
            goto fail;
        if (fr->aw != NULL) {
            AC__AWAIT(f, &fr->aw, 2, &infos, sizeof infos, r);
            if (r < 0)
                goto fail;
            add_infos(fr, infos, true);
            ac_decref(infos);
        }
    }
    fr->ac_result = datagram_new(fr);
    if (fr->ac_result == NULL)
        goto fail;
    create_drop(f);
    return AC_RETURNED;
fail:
    create_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(create_code, "ac_create_datagram_endpoint", create_frame,
              create_resume, create_drop);

static char *dup_host(const char *host, bool *failed)
{
    char *d = host != NULL ? strdup(host) : NULL;
    if (host != NULL && d == NULL)
        *failed = true;
    return d;
}

void *ac_create_datagram_endpoint(const char *local_host, int local_port,
                                  const char *remote_host, int remote_port)
{
    create_frame *fr = (create_frame *)ac__frame_new(&create_code);
    if (fr == NULL)
        return NULL;
    bool failed = false;
    fr->local_host = dup_host(local_host, &failed);
    fr->remote_host = dup_host(remote_host, &failed);
    fr->local_port = local_port;
    fr->remote_port = remote_port;
    fr->want_local = local_host != NULL || local_port != 0;
    fr->want_remote = remote_host != NULL;
    if (failed) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}
