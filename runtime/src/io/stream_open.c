/* stream_open.c - ac_open_connection, as asyncio's create_connection: a
 * numeric host (IPv4 or IPv6 literal) is connected to at once; a name is
 * resolved by ac_getaddrinfo on the default executor (the loop never
 * blocks), and its addresses are tried in getaddrinfo's order until one
 * connects.  When all fail, the error is asyncio's: the only one, the
 * first when all read the same, else OSError "Multiple exceptions: ...". */
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/slab.h"
#include "io/resolve.h"
#include "io/sock.h"
#include "io/sock_coro.h"
#include "io/stream.h"

/* An IPv4 or IPv6 address and port: what a frame keeps of an ac_sockaddr
 * (whose storage fits any family) while its connect is in flight, 32
 * bytes instead of 136 (a port scan has a frame per port at once). */
typedef struct ip_addr {
    union {
        struct sockaddr_in v4;
        struct sockaddr_in6 v6;
    } u;
    socklen_t len;
} ip_addr;

static void ip_pack(ip_addr *ip, const ac_sockaddr *sa)
{
    memcpy(&ip->u, &sa->ss, sa->len);
    ip->len = sa->len;
}

/* (Only the first len bytes of sa->ss are read: connect's, and the
 * family's fields within them.) */
static void ip_unpack(const ip_addr *ip, ac_sockaddr *sa)
{
    memcpy(&sa->ss, &ip->u, ip->len);
    sa->len = ip->len;
}

typedef struct open_frame {
    ac_frame hdr;
    ac_stream *ac_result;
    char *host;
    int port;
    int fd;
    bool numeric; /* host is a literal: shown as given, as asyncio */
    ip_addr sa;   /* the address being tried */
    ac_addrinfo *infos;
    const struct addrinfo *next; /* of infos: the next address to try */
    ac_exc **errors;             /* one per failed address (OSErrors) */
    size_t nerrors;
    void *aw;
} open_frame;

/* asyncio's "Connect call failed ('127.0.0.1', 80)", the address worded
 * only now: most connects of a port scan fail, and most elsewhere do not. */
static void raise_refused(const open_frame *fr, int err)
{
    char where[320];
    ac_sockaddr sa;
    ip_unpack(&fr->sa, &sa);
    ac__sockaddr_repr(&sa, fr->numeric ? fr->host : NULL, where, sizeof where);
    ac__sock_raise_connect_error(err, where);
}

static void open_drop(ac_frame *f)
{
    open_frame *fr = (open_frame *)f;
    ac_decref(fr->aw); /* first: it may still watch fd */
    fr->aw = NULL;
    ac__sock_close(fr->fd);
    fr->fd = -1;
    ac_decref(fr->infos);
    fr->infos = NULL;
    for (size_t i = 0; i < fr->nerrors; i++)
        ac_decref(fr->errors[i]);
    free(fr->errors);
    fr->errors = NULL;
    fr->nerrors = 0;
    ac__slab_strfree(fr->host);
    fr->host = NULL;
}

/* Keeps the current exception when it is an OSError (the next address is
 * tried); 0, or -1 when it is something else (it goes on up). */
static int keep_error(open_frame *fr)
{
    ac_exc *e = ac_err_fetch();
    ac_exc **more = NULL;
    if (ac_exc_matches(e, &ac_OSError))
        more = realloc(fr->errors, (fr->nerrors + 1) * sizeof *more);
    if (more == NULL) {
        ac_err_set(e);
        return -1;
    }
    fr->errors = more;
    fr->errors[fr->nerrors++] = e;
    return 0;
}

/* asyncio's choice among the errors of every address tried. */
static void raise_errors(open_frame *fr)
{
    bool same = true;
    const char *model = ac_exc_message(fr->errors[0]);
    for (size_t i = 1; i < fr->nerrors; i++)
        same = same && strcmp(ac_exc_message(fr->errors[i]), model) == 0;
    if (same) {
        ac_incref(fr->errors[0]);
        ac_err_set(fr->errors[0]);
        return;
    }
    size_t len = sizeof "Multiple exceptions: ";
    for (size_t i = 0; i < fr->nerrors; i++)
        len += strlen(ac_exc_message(fr->errors[i])) + 2;
    char *msg = malloc(len);
    if (msg == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return;
    }
    strcpy(msg, "Multiple exceptions: ");
    for (size_t i = 0; i < fr->nerrors; i++) {
        if (i > 0)
            strcat(msg, ", ");
        strcat(msg, ac_exc_message(fr->errors[i]));
    }
    ac_err_format(&ac_OSError, "%s", msg);
    free(msg);
}

/* The next usable address of the list into fr->sa; false at its end. */
static bool next_address(open_frame *fr)
{
    for (; fr->next != NULL; fr->next = fr->next->ai_next) {
        const struct addrinfo *ai = fr->next;
        if (ai->ai_addrlen > sizeof fr->sa.u)
            continue;
        memset(&fr->sa, 0, sizeof fr->sa);
        memcpy(&fr->sa.u, ai->ai_addr, ai->ai_addrlen);
        fr->sa.len = ai->ai_addrlen;
        fr->next = ai->ai_next;
        return true;
    }
    return false;
}

static int open_resume(ac_frame *f);
AC__CORO_CODE(open_code, "ac_open_connection", open_frame, open_resume,
              open_drop);

static int open_resume(ac_frame *f)
{
    open_frame *fr = (open_frame *)f;
    int r, in_progress, err;
    char service[16];
    ac_sockaddr sa;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    if (ac__sock_check_port("connect", fr->port) < 0)
        goto fail;
    /* NULL and "" are names to getaddrinfo, as in asyncio (NULL: the
     * loopback addresses). */
    if (fr->host != NULL && *fr->host != '\0' &&
        ac__sock_addr(fr->host, fr->port, &sa) == 0) {
        ip_pack(&fr->sa, &sa);
        fr->numeric = true;
        goto connect;
    }
    ac__port_str(fr->port, service, sizeof service);
    fr->aw = ac_getaddrinfo(fr->host, service, AF_UNSPEC, SOCK_STREAM);
    AC__AWAIT(f, &fr->aw, 1, &fr->infos, sizeof fr->infos, r);
    if (r < 0)
        goto fail;
    fr->next = ac_addrinfo_list(fr->infos);
    if (!next_address(fr)) {
        ac_err_format(&ac_OSError, "getaddrinfo() returned empty list");
        goto fail;
    }
connect:
    ip_unpack(&fr->sa, &sa);
    fr->fd = ac__sock_connect_to(&sa, SOCK_STREAM, &in_progress);
    if (fr->fd < 0)
        goto failed_addr;
    if (in_progress) {
        fr->aw = ac__sock_wait_writable(fr->fd);
        AC__AWAIT(f, &fr->aw, 2, NULL, 0, r);
        if (r < 0)
            goto fail;
        err = ac__sock_connect_error(fr->fd);
        if (err != 0) {
            raise_refused(fr, err);
            goto failed_addr;
        }
        ac__sock_nodelay(fr->fd, fr->sa.u.v4.sin_family);
    }
    fr->ac_result = ac__stream_new(fr->fd); /* takes fd, even on failure */
    fr->fd = -1;
    if (fr->ac_result == NULL)
        goto fail;
    open_drop(f);
    return AC_RETURNED;
failed_addr:
    ac__sock_close(fr->fd);
    fr->fd = -1;
    if (fr->numeric) /* the one address: its error, as raise_errors has it */
        goto fail;
    if (keep_error(fr) < 0)
        goto fail;
    if (next_address(fr))
        goto connect;
    raise_errors(fr);
fail:
    open_drop(f);
    return AC_RAISED;
}

void *ac_open_connection(const char *host, int port)
{
    open_frame *fr = (open_frame *)ac__frame_new(&open_code);
    if (fr == NULL)
        return NULL;
    fr->fd = -1;
    fr->port = port;
    fr->host = host != NULL ? ac__slab_strdup(host) : NULL;
    if (host != NULL && fr->host == NULL) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}
