/* loop_io.c - the fd table: one reader and one writer handle per fd
 * (asyncio's add_reader/add_writer), registered with the poller backend.
 * A ready fd puts its handles on the ready queue; they stay registered
 * until removed. */
#include "loop.h"

#include <errno.h>
#include <stdlib.h>

static ac__io_slot *slot_for(ac_loop *loop, int fd)
{
    if (fd < 0) {
        ac_err_set(ac_exc_from_errno(EBADF, NULL));
        return NULL;
    }
    if ((size_t)fd >= loop->nfds) {
        size_t n = loop->nfds ? loop->nfds : 64;
        while (n <= (size_t)fd)
            n *= 2;
        ac__io_slot *fds = realloc(loop->fds, n * sizeof *fds);
        if (fds == NULL) {
            ac_err_format(&ac_MemoryError, NULL);
            return NULL;
        }
        for (size_t i = loop->nfds; i < n; i++)
            fds[i] = (ac__io_slot){NULL, NULL, 0};
        loop->fds = fds;
        loop->nfds = n;
    }
    return &loop->fds[fd];
}

/* force: register again even when the mask is the same, for the fd may
 * have been closed and its number reused since (epoll forgets closed
 * fds). */
static int update(ac_loop *loop, int fd, ac__io_slot *s, bool force)
{
    int mask = (s->reader ? AC__IO_READ : 0) | (s->writer ? AC__IO_WRITE : 0);
    if (mask == s->mask && !force)
        return 0;
    if (ac__poller_update(loop, fd, s->mask, mask) < 0) {
        ac_err_set(ac_exc_from_errno(errno, NULL));
        return -1;
    }
    s->mask = mask;
    return 0;
}

static int add_watcher(ac_loop *loop, int fd, int which, void (*cb)(void *),
                       void *arg)
{
    ac__io_slot *s = slot_for(loop, fd);
    if (s == NULL)
        return -1;
    ac_handle *h = ac__handle_new(AC__H_PLAIN, (void *)cb, arg, NULL);
    if (h == NULL)
        return -1;
    ac_handle **place = which == AC__IO_READ ? &s->reader : &s->writer;
    ac_handle *old = *place;
    *place = h;
    if (update(loop, fd, s, true) < 0) {
        *place = old;
        ac__handle_release(h);
        return -1;
    }
    if (old) {
        ac_handle_cancel(old);
        ac__handle_release(old);
    }
    return 0;
}

static bool remove_watcher(ac_loop *loop, int fd, int which)
{
    if (fd < 0 || (size_t)fd >= loop->nfds)
        return false;
    ac__io_slot *s = &loop->fds[fd];
    ac_handle **place = which == AC__IO_READ ? &s->reader : &s->writer;
    ac_handle *h = *place;
    if (h == NULL)
        return false;
    *place = NULL;
    if (update(loop, fd, s, false) < 0)
        ac_err_clear();  /* the fd was closed already: nothing to undo */
    ac_handle_cancel(h); /* it may be on the ready queue right now */
    ac__handle_release(h);
    return true;
}

int ac__loop_add_reader(ac_loop *loop, int fd, void (*cb)(void *), void *arg)
{
    return add_watcher(loop, fd, AC__IO_READ, cb, arg);
}

int ac__loop_add_writer(ac_loop *loop, int fd, void (*cb)(void *), void *arg)
{
    return add_watcher(loop, fd, AC__IO_WRITE, cb, arg);
}

bool ac__loop_remove_reader(ac_loop *loop, int fd)
{
    return remove_watcher(loop, fd, AC__IO_READ);
}

bool ac__loop_remove_writer(ac_loop *loop, int fd)
{
    return remove_watcher(loop, fd, AC__IO_WRITE);
}

void ac__loop_io_ready(ac_loop *loop, int fd, int events)
{
    if (fd < 0 || (size_t)fd >= loop->nfds)
        return;
    ac__io_slot *s = &loop->fds[fd];
    if ((events & AC__IO_READ) && s->reader)
        ac__loop_ready(loop, s->reader);
    if ((events & AC__IO_WRITE) && s->writer)
        ac__loop_ready(loop, s->writer);
}

void ac__loop_cancel_timers_and_io(ac_loop *loop)
{
    while (loop->nheap > 0) {
        ac__timer *t = ac__heap_pop(loop);
        ac__handle_release(&t->h);
    }
    for (size_t fd = 0; fd < loop->nfds; fd++) {
        remove_watcher(loop, (int)fd, AC__IO_READ);
        remove_watcher(loop, (int)fd, AC__IO_WRITE);
    }
}
