/* poller_epoll.c - the I/O backend on Linux's epoll (ASYNCC_IO_EPOLL). */
#ifdef ASYNCC_IO_EPOLL
#include "loop/loop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

/* A wait asks for as many events as there are registered descriptors (as
 * asyncio's selector does), up to MAX_EVENTS: a loop with thousands of
 * ready descriptors (a port scan) drains them in one wait rather than 64
 * at a time with timers falling due in between. */
#define MIN_EVENTS 64
#define MAX_EVENTS 65536

struct ac__poller {
    int epfd;
    int cap; /* of events */
    struct epoll_event *events;
};

int ac__poller_open(ac_loop *loop)
{
    ac__poller *p = malloc(sizeof *p);
    if (p == NULL) {
        errno = ENOMEM;
        return -1;
    }
    p->cap = MIN_EVENTS;
    p->events = malloc((size_t)p->cap * sizeof *p->events);
    p->epfd = p->events ? epoll_create1(EPOLL_CLOEXEC) : -1;
    if (p->epfd < 0) {
        if (p->events == NULL)
            errno = ENOMEM;
        free(p->events);
        free(p);
        return -1;
    }
    loop->poller = p;
    return 0;
}

void ac__poller_close(ac_loop *loop)
{
    if (loop->poller == NULL)
        return;
    close(loop->poller->epfd);
    free(loop->poller->events);
    free(loop->poller);
    loop->poller = NULL;
}

int ac__poller_update(ac_loop *loop, int fd, int old_mask, int new_mask)
{
    struct epoll_event ev = {0};
    ev.data.fd = fd;
    if (new_mask & AC__IO_READ)
        ev.events |= EPOLLIN;
    if (new_mask & AC__IO_WRITE)
        ev.events |= EPOLLOUT;
    int epfd = loop->poller->epfd;
    if (new_mask == 0) {
        /* A closed fd has left the epoll set already. */
        int rc = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev);
        return rc < 0 && (errno == EBADF || errno == ENOENT) ? 0 : rc;
    }
    /* The table may be stale about what epoll has (the fd was closed and
     * its number reused): fall back to the other operation. */
    int op = old_mask == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    int rc = epoll_ctl(epfd, op, fd, &ev);
    if (rc < 0 && op == EPOLL_CTL_MOD && errno == ENOENT)
        rc = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    else if (rc < 0 && op == EPOLL_CTL_ADD && errno == EEXIST)
        rc = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
    return rc;
}

/* Room for an event from every registered descriptor (the buffer only
 * grows; if memory is short, the old one serves). */
static void fit_events(ac__poller *p, size_t nregistered)
{
    int want = p->cap;
    while ((size_t)want < nregistered && want < MAX_EVENTS)
        want *= 2;
    if (want == p->cap)
        return;
    struct epoll_event *ev = realloc(p->events, (size_t)want * sizeof *ev);
    if (ev != NULL) {
        p->events = ev;
        p->cap = want;
    }
}

int ac__poller_wait(ac_loop *loop, int timeout_ms)
{
    ac__poller *p = loop->poller;
    if ((size_t)p->cap < loop->nregistered)
        fit_events(p, loop->nregistered);
    int n = epoll_wait(p->epfd, p->events, p->cap, timeout_ms);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        uint32_t ev = p->events[i].events;
        int events = 0;
        /* Errors and hangups wake both sides, as Python's selectors. */
        if (ev & ~(uint32_t)EPOLLOUT)
            events |= AC__IO_READ;
        if (ev & ~(uint32_t)EPOLLIN)
            events |= AC__IO_WRITE;
        ac__loop_io_ready(loop, p->events[i].data.fd, events);
    }
    return 0;
}
#endif
