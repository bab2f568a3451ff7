/* signals.c - loop.add_signal_handler / remove_signal_handler, and the
 * SIGCHLD wake-ups of the child watcher's fallback (child_watch.c).
 *
 * One C handler serves every signal the layer catches.  It only writes:
 * the signal's number as a byte to the wakeup pipe of the loop that has a
 * handler for it (CPython's set_wakeup_fd, read by that loop, which then
 * schedules the callback), and for SIGCHLD a byte to each registered
 * SIGCHLD pipe.  Dispositions are the process's, so the handler's tables
 * are process-wide (atomics, written outside the handler only); as in
 * asyncio, user handlers are for the main thread's loop only. */
#include "proc/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#define MAX_CHLD_LOOPS 64

static atomic_int wake_fd = -1;             /* the main loop's wakeup pipe */
static atomic_bool wanted[NSIG];            /* a loop has a handler for it */
static atomic_int chld_fds[MAX_CHLD_LOOPS]; /* fd + 1; 0: free slot */
static int chld_loops;                      /* registered slots (under lock) */
static atomic_int in_handler;               /* on_signal calls under way */
static pthread_mutex_t disposition_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_signal(int sig)
{
    int saved = errno;
    atomic_fetch_add(&in_handler, 1);
    if (sig == SIGCHLD) {
        for (int i = 0; i < MAX_CHLD_LOOPS; i++) {
            int fd = atomic_load(&chld_fds[i]) - 1;
            if (fd >= 0 && write(fd, "c", 1) < 0) {
            } /* full: the loop has a wake-up pending already */
        }
    }
    int fd = atomic_load(&wake_fd);
    if (fd >= 0 && atomic_load(&wanted[sig])) {
        unsigned char b = (unsigned char)sig;
        if (write(fd, &b, 1) < 0) {
        }
    }
    atomic_fetch_sub(&in_handler, 1);
    errno = saved;
}

/* A descriptor just taken out of the tables may still be written by a
 * handler running on another thread, which read it before: wait for such
 * handlers to end before the descriptor is closed (its number could be
 * handed out again). */
static void quiesce(void)
{
    while (atomic_load(&in_handler) > 0)
        sched_yield();
}

static int set_disposition(int sig, void (*fn)(int))
{
    struct sigaction sa;
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = fn == on_signal ? SA_RESTART : 0; /* siginterrupt(False) */
    return sigaction(sig, &sa, NULL);
}

/* SIGCHLD goes on to on_signal while anyone needs it. */
static void sigchld_update(void)
{
    bool needed = chld_loops > 0 || atomic_load(&wanted[SIGCHLD]);
    set_disposition(SIGCHLD, needed ? on_signal : SIG_DFL);
}

int ac__sigchld_register(int fd)
{
    pthread_mutex_lock(&disposition_lock);
    int slot = -1;
    for (int i = 0; i < MAX_CHLD_LOOPS && slot < 0; i++) {
        if (atomic_load(&chld_fds[i]) == 0) {
            atomic_store(&chld_fds[i], fd + 1);
            slot = i;
        }
    }
    if (slot >= 0 && chld_loops++ == 0)
        sigchld_update();
    pthread_mutex_unlock(&disposition_lock);
    if (slot < 0)
        ac_err_format(&ac_RuntimeError,
                      "too many event loops watch children with SIGCHLD");
    return slot;
}

void ac__sigchld_unregister(int slot)
{
    pthread_mutex_lock(&disposition_lock);
    atomic_store(&chld_fds[slot], 0);
    if (--chld_loops == 0)
        sigchld_update();
    pthread_mutex_unlock(&disposition_lock);
    quiesce(); /* the caller closes the descriptor next */
}

/* ---- user handlers ---------------------------------------------------- */

static bool on_main_thread(void)
{
#ifdef __linux__
    return syscall(SYS_gettid) == getpid();
#else
    return true; /* not enforced */
#endif
}

/* Python's signal.valid_signals(): what sigfillset fills (glibc keeps 32
 * and 33 for itself). */
static int check_signal(int sig)
{
    sigset_t all;
    sigfillset(&all);
    if (sig < 1 || sig >= NSIG || sigismember(&all, sig) != 1)
        return ac_err_format(&ac_ValueError, "invalid signal number %d", sig);
    return 0;
}

/* The wakeup pipe was readable: schedule the handler of each signal that
 * arrived, once per arrival, as asyncio's _handle_signal. */
static void wakeup_ready(void *arg)
{
    ac__proc_loop *pl = arg;
    unsigned char buf[256];
    ssize_t n;
    while ((n = read(pl->sig_rd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            ac__sighandler *h = &pl->handlers[buf[i] % NSIG];
            if (h->cb != NULL && ac_call_soon(pl->loop, h->cb, h->arg) == NULL)
                ac_err_write_unraisable(ac_err_fetch(), "a signal handler");
        }
    }
}

static void close_wakeup(ac__proc_loop *pl)
{
    if (pl->sig_rd < 0)
        return;
    int mine = pl->sig_wr;
    atomic_compare_exchange_strong(&wake_fd, &mine, -1);
    quiesce();
    ac__loop_remove_reader(pl->loop, pl->sig_rd);
    close(pl->sig_rd);
    close(pl->sig_wr);
    pl->sig_rd = pl->sig_wr = -1;
}

static int open_wakeup(ac__proc_loop *pl)
{
    if (pl->sig_rd < 0) {
        int fds[2];
        if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
            ac_err_set(ac_exc_from_errno(errno, NULL));
            return -1;
        }
        pl->sig_rd = fds[0];
        pl->sig_wr = fds[1];
        if (ac__loop_add_reader(pl->loop, pl->sig_rd, wakeup_ready, pl) < 0) {
            close(fds[0]);
            close(fds[1]);
            pl->sig_rd = pl->sig_wr = -1;
            return -1;
        }
    }
    atomic_store(&wake_fd, pl->sig_wr); /* set_wakeup_fd: the latest wins */
    return 0;
}

/* What sig goes back to when its handler is removed: the default, but
 * SIGINT gets what it had (ac_run's Ctrl-C handler, asyncio's
 * default_int_handler) and SIGCHLD stays caught while a child watcher
 * needs it. */
static void restore_disposition(ac__proc_loop *pl, int sig)
{
    pthread_mutex_lock(&disposition_lock);
    atomic_store(&wanted[sig], false);
    if (sig == SIGCHLD) {
        sigchld_update();
    } else if (sig == SIGINT && pl->sigint_saved) {
        sigaction(SIGINT, &pl->sigint_before, NULL);
        pl->sigint_saved = false;
    } else {
        set_disposition(sig, SIG_DFL);
    }
    pthread_mutex_unlock(&disposition_lock);
}

int ac_loop_add_signal_handler(ac_loop *loop, int sig, void (*cb)(void *),
                               void *arg)
{
    if (check_signal(sig) < 0)
        return -1;
    ac__proc_loop *pl = ac__proc_state(loop);
    if (pl == NULL)
        return -1;
    if (!on_main_thread())
        return ac_err_format(&ac_RuntimeError,
                             "set_wakeup_fd only works in main thread of the "
                             "main interpreter");
    if (open_wakeup(pl) < 0)
        return -1;
    pthread_mutex_lock(&disposition_lock);
    struct sigaction before;
    sigaction(sig, NULL, &before);
    atomic_store(&wanted[sig], true);
    int rc = set_disposition(sig, on_signal);
    int err = errno;
    if (rc == 0 && sig == SIGINT && !pl->sigint_saved &&
        before.sa_handler != on_signal) {
        pl->sigint_before = before;
        pl->sigint_saved = true;
    }
    if (rc < 0 && pl->handlers[sig].cb == NULL)
        atomic_store(&wanted[sig], false);
    pthread_mutex_unlock(&disposition_lock);
    if (rc < 0) {
        if (pl->nhandlers == 0)
            close_wakeup(pl);
        if (err == EINVAL)
            return ac_err_format(&ac_RuntimeError, "sig %d cannot be caught",
                                 sig);
        ac_err_set(ac_exc_from_errno(err, NULL));
        return -1;
    }
    if (pl->handlers[sig].cb == NULL)
        pl->nhandlers++;
    pl->handlers[sig] = (ac__sighandler){cb, arg};
    return 0;
}

int ac_loop_remove_signal_handler(ac_loop *loop, int sig)
{
    if (check_signal(sig) < 0)
        return -1;
    ac__proc_loop *pl = loop->proc;
    if (pl == NULL || pl->handlers[sig].cb == NULL)
        return 0;
    pl->handlers[sig] = (ac__sighandler){NULL, NULL};
    pl->nhandlers--;
    restore_disposition(pl, sig);
    if (pl->nhandlers == 0)
        close_wakeup(pl);
    return 1;
}

void ac__signals_loop_free(ac__proc_loop *pl)
{
    for (int sig = 1; sig < NSIG && pl->nhandlers > 0; sig++)
        if (pl->handlers[sig].cb != NULL)
            ac_loop_remove_signal_handler(pl->loop, sig);
    close_wakeup(pl);
}
