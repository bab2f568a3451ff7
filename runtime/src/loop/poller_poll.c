/* poller_poll.c - the portable I/O backend on poll(2) (ASYNCC_IO_POLL).
 * The pollfd array is rebuilt from the loop's fd table at each wait. */
#ifdef ASYNCC_IO_POLL
#include "loop/loop.h"

#include "core/vec.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

struct ac__poller {
    struct pollfd *fds;
    size_t cap;
};

int ac__poller_open(ac_loop *loop)
{
    loop->poller = ac__zalloc(sizeof *loop->poller);
    if (loop->poller == NULL) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

void ac__poller_close(ac_loop *loop)
{
    if (loop->poller == NULL)
        return;
    free(loop->poller->fds);
    free(loop->poller);
    loop->poller = NULL;
}

int ac__poller_update(ac_loop *loop, int fd, int old_mask, int new_mask)
{
    (void)loop, (void)fd, (void)old_mask, (void)new_mask;
    return 0; /* the fd table is the registration */
}

static int gather_fds(ac_loop *loop, nfds_t *count)
{
    ac__poller *p = loop->poller;
    nfds_t n = 0;
    for (size_t fd = 0; fd < loop->nfds; fd++) {
        int mask = loop->fds[fd].mask;
        if (mask == 0)
            continue;
        struct pollfd *fds = ac__vec_room(p->fds, n, &p->cap, sizeof *fds, 16);
        if (fds == NULL) {
            errno = ENOMEM;
            return -1;
        }
        p->fds = fds;
        p->fds[n].fd = (int)fd;
        p->fds[n].events = (short)(((mask & AC__IO_READ) ? POLLIN : 0) |
                                   ((mask & AC__IO_WRITE) ? POLLOUT : 0));
        p->fds[n].revents = 0;
        n++;
    }
    *count = n;
    return 0;
}

int ac__poller_wait(ac_loop *loop, int timeout_ms)
{
    nfds_t n;
    if (gather_fds(loop, &n) < 0)
        return -1;
    ac__poller *p = loop->poller;
    if (poll(p->fds, n, timeout_ms) < 0)
        return -1;
    for (nfds_t i = 0; i < n; i++) {
        short ev = p->fds[i].revents;
        if (ev == 0)
            continue;
        int events = 0;
        if (ev & ~POLLOUT)
            events |= AC__IO_READ;
        if (ev & ~POLLIN)
            events |= AC__IO_WRITE;
        ac__loop_io_ready(loop, p->fds[i].fd, events);
    }
    return 0;
}
#endif
