/* io_wait.c - ac_wait_readable/ac_wait_writable: a future done when the
 * fd is ready; the watcher is added when first awaited and removed when
 * done, cancelled or dropped. */
#include "loop/future.h"

#include "core/slab.h"
#include "io/sock.h"

#include <stdlib.h>

typedef struct fd_future {
    ac_future fut;
    int fd;
    int which;  /* AC__IO_READ or AC__IO_WRITE */
    bool owned; /* a socket of the runtime's (ac__sock_wait_*) */
    bool watching;
} fd_future;

/* Removes w's watcher, unless another one replaced it since (one reader
 * and one writer per fd, as asyncio's add_reader: the last one wins). */
static void unwatch(fd_future *w)
{
    if (!w->watching)
        return;
    w->watching = false;
    ac_loop *loop = w->fut.loop;
    if ((size_t)w->fd >= loop->nfds)
        return;
    ac__io_slot *s = &loop->fds[w->fd];
    ac_handle *h = w->which == AC__IO_READ ? s->reader : s->writer;
    if (h == NULL || ac__cbh(h)->arg != w)
        return;
    if (w->which == AC__IO_READ)
        ac__loop_remove_reader(loop, w->fd);
    else
        ac__loop_remove_writer(loop, w->fd);
}

static void fd_ready(void *arg)
{
    fd_future *w = arg;
    unwatch(w);
    ac__future_finish(&w->fut, NULL);
}

static int fd_start(ac_future *f)
{
    fd_future *w = (fd_future *)f;
    int rc = w->owned
                 ? ac__loop_add_owned(f->loop, w->fd, w->which, fd_ready, w)
             : w->which == AC__IO_READ
                 ? ac__loop_add_reader(f->loop, w->fd, fd_ready, w)
                 : ac__loop_add_writer(f->loop, w->fd, fd_ready, w);
    if (rc < 0)
        return -1;
    w->watching = true;
    return 0;
}

static bool fd_cancel(ac_future *f, const char *msg)
{
    unwatch((fd_future *)f);
    return ac__future_cancel_plain(f, msg);
}

static void fd_dealloc(ac_object *self)
{
    fd_future *w = (fd_future *)self;
    unwatch(w);
    ac__future_fini(&w->fut);
    ac__slab_free(w, sizeof *w);
}

static const ac__futclass fd_class = {
    .type = {.name = "fd_wait",
             .kind = AC_OBJ_FUTURE,
             .dealloc = fd_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .start = fd_start,
    .cancel = fd_cancel};

static void *fd_wait_new(int fd, int which, bool owned)
{
    fd_future *w = ac__slab_zalloc(sizeof *w);
    if (w == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&w->fut, &fd_class, ac__running_loop(), NULL, 0);
    w->fd = fd;
    w->which = which;
    w->owned = owned;
    return w;
}

void *ac_wait_readable(int fd)
{
    return fd_wait_new(fd, AC__IO_READ, false);
}

void *ac_wait_writable(int fd)
{
    return fd_wait_new(fd, AC__IO_WRITE, false);
}

void *ac__sock_wait_readable(int fd)
{
    return fd_wait_new(fd, AC__IO_READ, true);
}

void *ac__sock_wait_writable(int fd)
{
    return fd_wait_new(fd, AC__IO_WRITE, true);
}
