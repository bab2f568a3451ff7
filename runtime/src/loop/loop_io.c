/* loop_io.c - the fd table: one reader and one writer handle per fd
 * (asyncio's add_reader/add_writer), registered with the poller backend.
 * A ready fd puts its handles on the ready queue; they stay registered
 * until removed.
 *
 * Registrations widen at once.  Those of the runtime's own sockets (made
 * and closed in sock.c) narrow late: removing a watcher leaves the poller's
 * registration as it was and puts the fd on a trim list, trimmed before
 * the second wait after that, so the coroutine the fd woke has one full
 * iteration to watch it again (a stream reading its next request: no
 * system call) or to close it; the close takes it out of the kernel's
 * epoll set (ac__loop_io_closed), so a refused connect costs no
 * EPOLL_CTL_DEL.  Meanwhile the poller may report the fd ready to nobody,
 * which ac__loop_io_ready ignores.  Anybody else's fd is unregistered at
 * once: its owner may close it next, and if a dup of it lives on, epoll
 * would go on reporting the closed number. */
#include "loop/loop.h"

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
            fds[i] = (ac__io_slot){NULL, NULL, 0, false, false};
        loop->fds = fds;
        loop->nfds = n;
    }
    return &loop->fds[fd];
}

static int watched(const ac__io_slot *s)
{
    return (s->reader ? AC__IO_READ : 0) | (s->writer ? AC__IO_WRITE : 0);
}

static void set_mask(ac_loop *loop, ac__io_slot *s, int mask)
{
    loop->nregistered += (size_t)(mask != 0) - (size_t)(s->mask != 0);
    s->mask = mask;
}

/* Registers what s watches now.  0, or -1 with the exception set. */
static int sync_now(ac_loop *loop, int fd, ac__io_slot *s)
{
    int mask = watched(s);
    loop->npoller_updates++;
    if (ac__poller_update(loop, fd, s->mask, mask) < 0) {
        ac_err_set(ac_exc_from_errno(errno, NULL));
        return -1;
    }
    set_mask(loop, s, mask);
    return 0;
}

/* Queues fd for a trim before the second wait from now.  Out of memory,
 * it is trimmed now. */
static void trim_later(ac_loop *loop, int fd, ac__io_slot *s)
{
    if (s->queued)
        return;
    ac__fdlist *l = &loop->trim_next;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        int *v = realloc(l->fd, cap * sizeof *v);
        if (v == NULL) {
            if (sync_now(loop, fd, s) < 0)
                ac_err_clear(); /* the fd was closed: nothing to undo */
            return;
        }
        l->fd = v;
        l->cap = cap;
    }
    l->fd[l->n++] = fd;
    s->queued = true;
}

void ac__loop_io_trim(ac_loop *loop)
{
    ac__fdlist *due = &loop->trim_due;
    for (size_t i = 0; i < due->n; i++) {
        ac__io_slot *s = &loop->fds[due->fd[i]];
        s->queued = false;
        if (watched(s) != s->mask && sync_now(loop, due->fd[i], s) < 0)
            ac_err_clear(); /* closed by its owner: the kernel forgot it */
    }
    due->n = 0;
    ac__fdlist t = *due; /* the next list becomes due; reuse the buffer */
    *due = loop->trim_next;
    loop->trim_next = t;
}

void ac__loop_io_closed(ac_loop *loop, int fd)
{
    if (loop == NULL || fd < 0 || (size_t)fd >= loop->nfds)
        return;
    ac__io_slot *s = &loop->fds[fd];
    if (watched(s) == 0) {
        set_mask(loop, s, 0);
        s->owned = false;
    }
}

void ac__loop_io_free(ac_loop *loop)
{
    free(loop->trim_due.fd);
    free(loop->trim_next.fd);
    free(loop->fds);
}

void ac__loop_io_opened(ac_loop *loop, int fd)
{
    ac__loop_io_closed(loop, fd); /* whatever had the number is closed */
}

static int add_watcher(ac_loop *loop, int fd, int which, void (*cb)(void *),
                       void *arg, bool owned)
{
    ac__io_slot *s = slot_for(loop, fd);
    if (s == NULL)
        return -1;
    ac_handle *h = ac__handle_new(AC__H_PLAIN, (void *)cb, arg, NULL);
    if (h == NULL)
        return -1;
    ac_handle **place = which == AC__IO_READ ? &s->reader : &s->writer;
    ac_handle *old = *place;
    /* The registration may be stale: its fd closed by its owner and the
     * number reused since (epoll forgets closed fds), so it is made again
     * even when the mask is the same, unless the fd's other side is
     * watched (then the fd is the one registered) or the runtime owns the
     * fd (it forgot the old registration when the kernel gave it the
     * number, and it tells the table when it closes it). */
    bool stale = !owned && (old != NULL || watched(s) == 0);
    *place = h;
    s->owned = owned;
    if ((stale || (watched(s) & ~s->mask)) && sync_now(loop, fd, s) < 0) {
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
    if (s->owned)
        trim_later(loop, fd, s);
    else if (sync_now(loop, fd, s) < 0)
        ac_err_clear();  /* the fd was closed already: nothing to undo */
    ac_handle_cancel(h); /* it may be on the ready queue right now */
    ac__handle_release(h);
    return true;
}

int ac__loop_add_reader(ac_loop *loop, int fd, void (*cb)(void *), void *arg)
{
    return add_watcher(loop, fd, AC__IO_READ, cb, arg, false);
}

int ac__loop_add_writer(ac_loop *loop, int fd, void (*cb)(void *), void *arg)
{
    return add_watcher(loop, fd, AC__IO_WRITE, cb, arg, false);
}

int ac__loop_add_owned(ac_loop *loop, int fd, int which, void (*cb)(void *),
                       void *arg)
{
    return add_watcher(loop, fd, which, cb, arg, true);
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
        ac__loop_ready(loop, &s->reader->l);
    if ((events & AC__IO_WRITE) && s->writer)
        ac__loop_ready(loop, &s->writer->l);
}

void ac__loop_cancel_timers_and_io(ac_loop *loop)
{
    while (loop->ntimers > 0) {
        ac__timer *t = ac__timers_pop(loop);
        ac__handle_release(&t->h.h);
    }
    for (size_t fd = 0; fd < loop->nfds; fd++) {
        remove_watcher(loop, (int)fd, AC__IO_READ);
        remove_watcher(loop, (int)fd, AC__IO_WRITE);
    }
}
