/* stream_open.c - ac_open_connection: a non-blocking connect to a numeric
 * address, or to a name resolved by getaddrinfo in the default executor
 * (the loop never blocks). */
#include <netdb.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "io/sock.h"
#include "io/sock_coro.h"
#include "io/stream.h"

/* A name lookup shared by the awaiting frame and the executor thread; the
 * last of the two to let go frees it (the frame may be cancelled while the
 * thread still runs getaddrinfo). */
#define MAX_ADDRS 8

typedef struct resolve_req {
    atomic_int refs;
    char *host;
    int port;
    int rc; /* 0 or an EAI_* code */
    int naddrs;
    ac_sockaddr addrs[MAX_ADDRS];
} resolve_req;

static void resolve_release(resolve_req *req)
{
    if (req != NULL && atomic_fetch_sub(&req->refs, 1) == 1) {
        free(req->host);
        free(req);
    }
}

static void *resolve_in_thread(void *arg)
{
    resolve_req *req = arg;
    req->rc = ac__sock_resolve(req->host, req->port, req->addrs, MAX_ADDRS,
                               &req->naddrs);
    resolve_release(req);
    return NULL;
}

typedef struct open_frame {
    ac_frame hdr;
    ac_stream *ac_result;
    char *host;
    int port;
    int fd;
    ac_sockaddr sa;
    int next_addr; /* of req->addrs: tried in order, as asyncio */
    resolve_req *req;
    void *aw;
} open_frame;

static void open_drop(ac_frame *f)
{
    open_frame *fr = (open_frame *)f;
    ac_decref(fr->aw); /* first: it may still watch fd */
    fr->aw = NULL;
    ac__sock_close(fr->fd);
    fr->fd = -1;
    resolve_release(fr->req);
    fr->req = NULL;
    free(fr->host);
    fr->host = NULL;
}

static int open_resume(ac_frame *f);
AC__CORO_CODE(open_code, "ac_open_connection", open_frame, open_resume,
              open_drop);

static int open_resume(ac_frame *f)
{
    open_frame *fr = (open_frame *)f;
    int r, in_progress;
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
    if (ac__sock_addr(fr->host, fr->port, &fr->sa) == 0)
        goto connect;
    fr->req = calloc(1, sizeof *fr->req);
    if (fr->req == NULL || (fr->req->host = strdup(fr->host)) == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        goto fail;
    }
    atomic_init(&fr->req->refs, 2);
    fr->req->port = fr->port;
    fr->aw = ac_run_in_executor(resolve_in_thread, fr->req);
    if (fr->aw == NULL) {
        atomic_store(&fr->req->refs, 1); /* the thread never got it */
        goto fail;
    }
    r = ac__io_await(f, &fr->aw, 1);
    if (r > 0)
        return r;
    if (r < 0)
        goto fail;
s1:
    if (ac__await_result(f, &fr->aw, NULL, 0) < 0)
        goto fail;
    if (fr->req->rc != 0) {
        /* socket.gaierror, an OSError: "[Errno -2] Name or service ..." */
        ac_err_format(&ac_OSError, "[Errno %d] %s", fr->req->rc,
                      gai_strerror(fr->req->rc));
        goto fail;
    }
    if (fr->req->naddrs == 0) {
        ac_err_format(&ac_OSError, "getaddrinfo() returned empty list");
        goto fail;
    }
next_addr:
    fr->sa = fr->req->addrs[fr->next_addr++];
connect:
    fr->fd = ac__sock_connect(&fr->sa, fr->host, fr->port, &in_progress);
    if (fr->fd < 0)
        goto failed_addr;
    if (in_progress) {
        fr->aw = ac__sock_wait_writable(fr->fd);
        r = ac__io_await(f, &fr->aw, 2);
        if (r > 0)
            return r;
        if (r < 0)
            goto fail;
    s2:
        if (ac__await_result(f, &fr->aw, NULL, 0) < 0)
            goto fail;
        if (ac__sock_connect_result(fr->fd, fr->host, fr->port) < 0)
            goto failed_addr;
        ac__sock_nodelay(fr->fd, fr->sa.ss.ss_family);
    }
    fr->ac_result = ac__stream_new(fr->fd); /* takes fd, even on failure */
    fr->fd = -1;
    if (fr->ac_result == NULL)
        goto fail;
    open_drop(f);
    return AC_RETURNED;
failed_addr:
    /* A name may have more addresses: try the next, keep the last error. */
    ac__sock_close(fr->fd);
    fr->fd = -1;
    if (fr->req != NULL && fr->next_addr < fr->req->naddrs) {
        ac_err_clear();
        goto next_addr;
    }
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
    fr->host = strdup(host ? host : "");
    if (fr->host == NULL) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}
