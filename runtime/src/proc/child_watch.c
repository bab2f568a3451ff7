/* child_watch.c - the loop's child watcher: each child is reaped
 * (waitpid on its pid, never -1: other children are somebody else's) as
 * soon as it exits, so none is left a zombie, whether or not its process
 * object still exists (asyncio's watcher keeps the transport alive).
 *
 * Where the kernel has pidfd_open (Linux 5.3), the child's pidfd becomes
 * readable when it exits: asyncio's PidfdChildWatcher.  Elsewhere, or when
 * pidfd_open is refused, SIGCHLD writes a byte to the loop's SIGCHLD pipe
 * (signals.c) and the loop tries waitpid(pid, WNOHANG) on each of its
 * children: asyncio's SafeChildWatcher.  A child still running when its
 * loop is freed is killed and reaped then. */
#include "proc/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

struct ac__child {
    int refs;          /* the process object's and the watcher's */
    ac__proc_loop *pl; /* the watcher's loop; NULL once reaped */
    pid_t pid;
    int pidfd;           /* -1: watched through SIGCHLD */
    int returncode;      /* INT_MIN while running */
    ac_future **waiters; /* ac_process_wait's futures (owned) */
    size_t nwaiters, cap;
    ac__child *next; /* in pl->children */
};

static void child_release(ac__child *c)
{
    if (--c->refs == 0) {
        free(c->waiters);
        free(c);
    }
}

/* Python's os.waitstatus_to_exitcode, as asyncio's watchers report it. */
static int returncode_of(int status)
{
    if (WIFSIGNALED(status))
        return -WTERMSIG(status);
    return WEXITSTATUS(status);
}

static bool has_sigchld_children(const ac__proc_loop *pl)
{
    for (const ac__child *c = pl->children; c; c = c->next)
        if (c->pidfd < 0)
            return true;
    return false;
}

static void close_sigchld_pipe(ac__proc_loop *pl)
{
    if (pl->chld_rd < 0)
        return;
    ac__sigchld_unregister(pl->chld_slot);
    ac__loop_remove_reader(pl->loop, pl->chld_rd);
    close(pl->chld_rd);
    close(pl->chld_wr);
    pl->chld_rd = pl->chld_wr = pl->chld_slot = -1;
}

/* The child has exited with returncode: stop watching, wake the waiters,
 * let go of the watcher's reference. */
static void child_exited(ac__child *c, int returncode)
{
    ac__proc_loop *pl = c->pl;
    for (ac__child **p = &pl->children; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            break;
        }
    }
    if (c->pidfd >= 0) {
        ac__loop_remove_reader(pl->loop, c->pidfd);
        close(c->pidfd);
        c->pidfd = -1;
    }
    c->pl = NULL;
    c->returncode = returncode;
    for (size_t i = 0; i < c->nwaiters; i++) {
        if (!ac_future_done(c->waiters[i]))
            ac_future_set_result(c->waiters[i], &returncode);
        ac_decref(c->waiters[i]);
    }
    c->nwaiters = 0;
    child_release(c);
}

/* waitpid(pid, WNOHANG): true when the child was reaped (or is not ours
 * any more: asyncio reports 255 then). */
static bool try_reap(ac__child *c)
{
    int status;
    pid_t r;
    do
        r = waitpid(c->pid, &status, WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == 0)
        return false;
    child_exited(c, r == c->pid ? returncode_of(status) : 255);
    return true;
}

static void pidfd_ready(void *arg)
{
    try_reap(arg);
}

static void sigchld_ready(void *arg)
{
    ac__proc_loop *pl = arg;
    char buf[64];
    while (read(pl->chld_rd, buf, sizeof buf) > 0) {
    }
    ac__child *next;
    for (ac__child *c = pl->children; c; c = next) {
        next = c->next;
        if (c->pidfd < 0)
            try_reap(c);
    }
    if (!has_sigchld_children(pl))
        close_sigchld_pipe(pl);
}

static int open_sigchld_pipe(ac__proc_loop *pl)
{
    if (pl->chld_rd >= 0)
        return 0;
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
        ac_err_set(ac_exc_from_errno(errno, NULL));
        return -1;
    }
    if (ac__loop_add_reader(pl->loop, fds[0], sigchld_ready, pl) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    pl->chld_rd = fds[0];
    pl->chld_wr = fds[1];
    pl->chld_slot = ac__sigchld_register(fds[1]);
    if (pl->chld_slot < 0) {
        ac__loop_remove_reader(pl->loop, fds[0]);
        close(fds[0]);
        close(fds[1]);
        pl->chld_rd = pl->chld_wr = -1;
        return -1;
    }
    return 0;
}

static int open_pidfd(pid_t pid)
{
#if defined(__linux__) && defined(SYS_pidfd_open)
    return (int)syscall(SYS_pidfd_open, pid, 0); /* close-on-exec */
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

/* Watches c by its pidfd; -1 (no exception) when the kernel has none. */
static int watch_pidfd(ac__proc_loop *pl, ac__child *c)
{
    if (pl->no_pidfd)
        return -1;
    int fd = open_pidfd(c->pid);
    if (fd < 0)
        return -1;
    if (ac__loop_add_reader(pl->loop, fd, pidfd_ready, c) < 0) {
        ac_err_clear(); /* SIGCHLD will do */
        close(fd);
        return -1;
    }
    c->pidfd = fd;
    return 0;
}

ac__child *ac__child_watch(ac_loop *loop, pid_t pid)
{
    ac__proc_loop *pl = ac__proc_state(loop);
    if (pl == NULL)
        return NULL;
    ac__child *c = ac__zalloc(sizeof *c);
    if (c == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    *c = (ac__child){
        .refs = 2, .pl = pl, .pid = pid, .pidfd = -1, .returncode = INT_MIN};
    if (watch_pidfd(pl, c) < 0) {
        if (open_sigchld_pipe(pl) < 0) {
            free(c);
            return NULL;
        }
        /* It may have exited before SIGCHLD was caught: look once. */
        if (write(pl->chld_wr, "c", 1) < 0) {
        }
    }
    c->next = pl->children;
    pl->children = c;
    return c;
}

void ac__child_release(ac__child *c)
{
    if (c != NULL)
        child_release(c);
}

int ac__child_returncode(const ac__child *c)
{
    return c->returncode;
}

ac_future *ac__child_wait(ac__child *c)
{
    ac_future *f = ac_future_new(c->pl ? c->pl->loop : NULL, sizeof(int));
    if (f == NULL)
        return NULL;
    if (c->returncode != INT_MIN) {
        ac_future_set_result(f, &c->returncode);
        return f;
    }
    size_t kept = 0; /* drop waiters cancelled meanwhile */
    for (size_t i = 0; i < c->nwaiters; i++) {
        if (ac_future_done(c->waiters[i]))
            ac_decref(c->waiters[i]);
        else
            c->waiters[kept++] = c->waiters[i];
    }
    c->nwaiters = kept;
    if (c->nwaiters == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        ac_future **w = realloc(c->waiters, cap * sizeof *w);
        if (w == NULL) {
            ac_decref(f);
            ac_err_format(&ac_MemoryError, NULL);
            return NULL;
        }
        c->waiters = w;
        c->cap = cap;
    }
    ac_incref(f);
    c->waiters[c->nwaiters++] = f;
    return f;
}

/* The loop is being freed: asyncio closes the transports of children
 * still running, which kills them; they are reaped here so that none is
 * left a zombie. */
void ac__children_loop_free(ac__proc_loop *pl)
{
    while (pl->children != NULL) {
        ac__child *c = pl->children;
        int status = 0;
        pid_t r;
        kill(c->pid, SIGKILL);
        do
            r = waitpid(c->pid, &status, 0);
        while (r < 0 && errno == EINTR);
        child_exited(c, r == c->pid ? returncode_of(status) : 255);
    }
    close_sigchld_pipe(pl);
}

void ac__child_watch_no_pidfd(ac_loop *loop)
{
    ac__proc_loop *pl = ac__proc_state(loop);
    if (pl != NULL)
        pl->no_pidfd = true;
}
