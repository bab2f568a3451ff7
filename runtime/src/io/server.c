/* server.c - ac_start_server: a listening socket, an acceptor task, one
 * task per connection running the handler; serve_forever and close, as
 * asyncio.start_server / Server. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/object.h"
#include "io/server.h"
#include "io/sock.h"
#include "io/sock_coro.h"
#include "io/stream.h"

struct ac_server {
    ac_object ob;
    int fd; /* listening; closed by the acceptor when it ends */
    int port;
    ac_loop *loop;
    ac_conn_handler handler;
    void *arg;
    bool closed;
    bool serving; /* a serve_forever is running */
    ac_task *acceptor;
    ac_future *done;            /* serve_forever waits on it */
    size_t active;              /* connections whose handler runs */
    ac_future **closed_waiters; /* wait_closed calls */
    size_t nclosed_waiters;
    char *unix_path; /* a Unix server's socket file, removed on close */
    dev_t unix_dev;
    ino_t unix_ino;
};

static void server_dealloc(ac_object *o)
{
    ac_server *srv = (ac_server *)o;
    ac__sock_close(srv->fd);
    ac_decref(srv->acceptor);
    ac_decref(srv->done);
    for (size_t i = 0; i < srv->nclosed_waiters; i++)
        ac_decref(srv->closed_waiters[i]);
    free(srv->closed_waiters);
    free(srv->unix_path);
    free(srv);
}

static const ac_objtype server_type = {
    .name = "Server", .kind = AC_OBJ_OTHER, .dealloc = server_dealloc};

int ac_server_port(ac_server *srv)
{
    return srv->port;
}

/* Server._wakeup: closed and no connection left, wait_closed returns. */
static void wake_closed_waiters(ac_server *srv)
{
    if (!srv->closed || srv->active > 0)
        return;
    for (size_t i = 0; i < srv->nclosed_waiters; i++) {
        ac_future *w = srv->closed_waiters[i];
        if (!ac_future_done(w))
            ac_future_set_result(w, NULL);
        ac_decref(w);
    }
    srv->nclosed_waiters = 0;
}

/* As 3.13's cleanup_socket: the socket file goes with the server, unless
 * somebody replaced it since (another inode). */
static void remove_unix_path(ac_server *srv)
{
    struct stat st;
    if (srv->unix_path != NULL && stat(srv->unix_path, &st) == 0 &&
        st.st_dev == srv->unix_dev && st.st_ino == srv->unix_ino)
        unlink(srv->unix_path);
    free(srv->unix_path);
    srv->unix_path = NULL;
}

int ac__server_set_unix_path(ac_server *srv, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return 0; /* nothing to remove later */
    srv->unix_path = strdup(path);
    if (srv->unix_path == NULL)
        return ac_err_format(&ac_MemoryError, NULL);
    srv->unix_dev = st.st_dev;
    srv->unix_ino = st.st_ino;
    return 0;
}

void ac_server_close(ac_server *srv)
{
    if (srv->closed)
        return;
    srv->closed = true;
    /* Stop listening now (new connections are refused) and wake the
     * acceptor; it closes the descriptor once it stops watching it. */
    if (srv->fd >= 0)
        shutdown(srv->fd, SHUT_RDWR);
    if (srv->acceptor != NULL) {
        /* Cancelled before its first step, the acceptor never runs: the
         * server's reference would keep its frame, and so the server, alive. */
        ac_task_cancel(srv->acceptor, NULL);
        ac_decref(srv->acceptor);
        srv->acceptor = NULL;
    }
    remove_unix_path(srv);
    if (!ac_future_done(srv->done))
        ac_future_set_result(srv->done, NULL);
    wake_closed_waiters(srv);
}

/* ---- one connection: run the handler, then close the stream ---------- */

typedef struct conn_frame {
    ac_frame hdr;
    ac_server *srv;
    ac_stream *s;
    void *aw;
} conn_frame;

static void conn_drop(ac_frame *f)
{
    conn_frame *fr = (conn_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    /* Not closed here: a handler may have handed the stream on.  The last
     * reference closes it (after sending what is still queued). */
    ac_decref(fr->s);
    fr->s = NULL;
    if (fr->srv != NULL) {
        fr->srv->active--;
        wake_closed_waiters(fr->srv);
    }
    ac_decref(fr->srv);
    fr->srv = NULL;
}

static int conn_resume(ac_frame *f);
AC__CORO_CODE_VOID(conn_code, "ac_server_connection", conn_frame, conn_resume,
                   conn_drop);

/* asyncio logs a handler's exception and keeps serving.  Cancellation
 * ends the connection quietly; GeneratorExit (the frame is being closed)
 * goes on up. */
static int handler_failed(void)
{
    ac_exc *e = ac_err_fetch();
    if (ac_exc_matches(e, &ac_GeneratorExit)) {
        ac_err_set(e);
        return AC_RAISED;
    }
    if (!ac_exc_matches(e, &ac_CancelledError)) {
        fprintf(stderr, "Unhandled exception in client_connected_cb\n");
        ac_exc_print(e, stderr);
    }
    ac_decref(e);
    return AC_RETURNED;
}

static int conn_resume(ac_frame *f)
{
    conn_frame *fr = (conn_frame *)f;
    int r;
    if (f->state == 1)
        goto s1;
    fr->aw = fr->srv->handler(fr->s, fr->srv->arg);
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    if (r < 0)
        goto fail;
    conn_drop(f);
    return AC_RETURNED;
fail:
    r = handler_failed();
    conn_drop(f);
    return r;
}

static void spawn_connection(ac_server *srv, int fd)
{
    ac_stream *s = ac__stream_new(fd);
    conn_frame *fr = s ? (conn_frame *)ac__frame_new(&conn_code) : NULL;
    if (fr == NULL) {
        ac_decref(s);
        ac_err_write_unraisable(ac_err_fetch(), "accepting a connection");
        return;
    }
    fr->s = s;
    ac_incref(srv);
    fr->srv = srv;
    srv->active++;
    ac_task *t = ac_loop_create_task(srv->loop, (ac_coro *)fr, NULL);
    if (t == NULL)
        ac_err_write_unraisable(ac_err_fetch(), "accepting a connection");
    ac_decref(t);
}

/* ---- the acceptor task ------------------------------------------------ */

typedef struct accept_frame {
    ac_frame hdr;
    ac_server *srv;
    void *aw;
} accept_frame;

static void accept_drop(ac_frame *f)
{
    accept_frame *fr = (accept_frame *)f;
    ac_decref(fr->aw); /* first: it may watch the fd */
    fr->aw = NULL;
    if (fr->srv == NULL)
        return;
    ac__sock_close(fr->srv->fd);
    fr->srv->fd = -1;
    ac_decref(fr->srv->acceptor);
    fr->srv->acceptor = NULL;
    ac_decref(fr->srv);
    fr->srv = NULL;
}

static int accept_resume(ac_frame *f);
AC__CORO_CODE_VOID(accept_code, "ac_server_accept", accept_frame, accept_resume,
                   accept_drop);

static int accept_resume(ac_frame *f)
{
    accept_frame *fr = (accept_frame *)f;
    ac_server *srv = fr->srv;
    int r;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    while (!srv->closed) {
        int fd = ac__sock_accept(srv->fd);
        if (fd >= 0) {
            spawn_connection(srv, fd);
            continue;
        }
        if (fd == -1) {
            /* Out of descriptors, say: asyncio pauses for a second. */
            ac_err_write_unraisable(ac_err_fetch(), "accepting connections");
            fr->aw = ac_sleep(1.0);
            AC__AWAIT(f, &fr->aw, 2, NULL, 0, r);
            if (r < 0)
                goto out;
            continue;
        }
        fr->aw = ac__sock_wait_readable(srv->fd);
        AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
        if (r < 0)
            goto out;
    }
out:
    /* Closed or cancelled: either way the acceptor is done, quietly. */
    ac_err_clear();
    accept_drop(f);
    return AC_RETURNED;
}

/* ---- ac_start_server -------------------------------------------------- */

typedef struct start_frame {
    ac_frame hdr;
    ac_server *ac_result;
    ac_conn_handler handler;
    void *arg;
    char *host;
    int port;
} start_frame;

static void start_drop(ac_frame *f)
{
    start_frame *fr = (start_frame *)f;
    free(fr->host);
    fr->host = NULL;
}

ac_server *ac__server_new(int fd, ac_conn_handler handler, void *arg)
{
    ac_server *srv = ac__zalloc(sizeof *srv);
    if (srv == NULL) {
        ac__sock_close(fd);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&srv->ob, &server_type);
    srv->fd = fd;
    srv->port = ac__sock_port(fd);
    srv->loop = ac_get_running_loop();
    srv->handler = handler;
    srv->arg = arg;
    srv->done = ac_future_new(srv->loop, 0);
    accept_frame *af = (accept_frame *)ac__frame_new(&accept_code);
    if (srv->done == NULL || af == NULL) {
        ac_decref(srv);
        return NULL;
    }
    ac_incref(srv);
    af->srv = srv;
    srv->acceptor = ac_loop_create_task(srv->loop, (ac_coro *)af, "acceptor");
    if (srv->acceptor == NULL) {
        ac_decref(srv);
        return NULL;
    }
    return srv;
}

static int start_resume(ac_frame *f)
{
    start_frame *fr = (start_frame *)f;
    int fd = ac__sock_listen(fr->host, fr->port, SOMAXCONN);
    fr->ac_result = fd < 0 ? NULL : ac__server_new(fd, fr->handler, fr->arg);
    start_drop(f);
    return fr->ac_result ? AC_RETURNED : AC_RAISED;
}

AC__CORO_CODE(start_code, "ac_start_server", start_frame, start_resume,
              start_drop);

void *ac_start_server(ac_conn_handler handler, void *arg, const char *host,
                      int port)
{
    start_frame *fr = (start_frame *)ac__frame_new(&start_code);
    if (fr == NULL)
        return NULL;
    fr->handler = handler;
    fr->arg = arg;
    fr->port = port;
    fr->host = strdup(host ? host : "");
    if (fr->host == NULL) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}

/* ---- serve_forever ---------------------------------------------------- */

typedef struct serve_frame {
    ac_frame hdr;
    ac_server *srv;
    void *aw;
    bool serving;
} serve_frame;

static void serve_drop(ac_frame *f)
{
    serve_frame *fr = (serve_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    if (fr->srv != NULL && fr->serving)
        fr->srv->serving = false;
    ac_decref(fr->srv);
    fr->srv = NULL;
}

static int serve_resume(ac_frame *f)
{
    serve_frame *fr = (serve_frame *)f;
    ac_server *srv = fr->srv;
    int r;
    if (f->state == 1)
        goto s1;
    if (srv->serving) {
        ac_err_format(&ac_RuntimeError,
                      "server is already being awaited on serve_forever()");
        goto fail;
    }
    if (srv->closed)
        goto done;
    srv->serving = fr->serving = true;
    ac_incref(srv->done);
    fr->aw = srv->done;
    r = ac__io_await(f, &fr->aw, 1);
    if (r > 0)
        return r;
    if (r < 0)
        goto fail;
s1:
    if (ac__await_result(f, &fr->aw, NULL, 0) < 0) {
        /* Cancelled: as asyncio, the server closes and the error goes on. */
        ac_server_close(srv);
        goto fail;
    }
done:
    serve_drop(f);
    return AC_RETURNED;
fail:
    serve_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(serve_code, "ac_server_serve_forever", serve_frame,
                   serve_resume, serve_drop);

void *ac_server_serve_forever(ac_server *srv)
{
    serve_frame *fr = (serve_frame *)ac__frame_new(&serve_code);
    if (fr == NULL)
        return NULL;
    ac_incref(srv);
    fr->srv = srv;
    return fr;
}

/* ---- wait_closed ------------------------------------------------------ */

typedef struct wait_closed_frame {
    ac_frame hdr;
    ac_server *srv;
    void *aw;
} wait_closed_frame;

static void wait_closed_drop(ac_frame *f)
{
    wait_closed_frame *fr = (wait_closed_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->srv);
    fr->srv = NULL;
}

static int wait_closed_resume(ac_frame *f)
{
    wait_closed_frame *fr = (wait_closed_frame *)f;
    ac_server *srv = fr->srv;
    int r;
    if (f->state == 1)
        goto s1;
    if (srv->closed && srv->active == 0)
        goto done;
    ac_future **more =
        realloc(srv->closed_waiters,
                (srv->nclosed_waiters + 1) * sizeof *srv->closed_waiters);
    ac_future *w = more ? ac_future_new(srv->loop, 0) : NULL;
    if (more != NULL)
        srv->closed_waiters = more;
    if (w == NULL)
        goto fail;
    srv->closed_waiters[srv->nclosed_waiters++] = w; /* its reference */
    ac_incref(w);
    fr->aw = w;
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    if (r < 0)
        goto fail;
done:
    wait_closed_drop(f);
    return AC_RETURNED;
fail:
    wait_closed_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(wait_closed_code, "ac_server_wait_closed", wait_closed_frame,
                   wait_closed_resume, wait_closed_drop);

void *ac_server_wait_closed(ac_server *srv)
{
    wait_closed_frame *fr =
        (wait_closed_frame *)ac__frame_new(&wait_closed_code);
    if (fr == NULL)
        return NULL;
    ac_incref(srv);
    fr->srv = srv;
    return fr;
}
