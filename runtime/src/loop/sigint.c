/* sigint.c - Ctrl-C during ac_run, as asyncio.Runner: the first SIGINT
 * cancels the main task (its finally blocks run) and ac_run then returns
 * KeyboardInterrupt; a second one, while the task is still unwinding,
 * ends the program as an unhandled SIGINT does.  Installed only on the
 * main thread and only over the default disposition; the previous one is
 * restored when ac_run returns. */
#include "loop/future.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

static volatile sig_atomic_t hits;      /* SIGINTs since installed */
static volatile sig_atomic_t delivered; /* of those, acted upon */
static volatile sig_atomic_t wake_fd = -1;
/* The loop's thread-safe flag, raised after a SIGINT is counted: the loop
 * looks at it every iteration and then polls (loop.c: take_threadsafe). */
static atomic_bool *volatile loop_flag;
static struct sigaction previous;
static bool installed;

#ifndef __linux__
static pthread_t main_thread;
__attribute__((constructor)) static void remember_main_thread(void)
{
    main_thread = pthread_self();
}
#endif

static bool on_main_thread(void)
{
#ifdef __linux__
    return syscall(SYS_gettid) == getpid();
#else
    return pthread_equal(pthread_self(), main_thread);
#endif
}

static void on_sigint(int sig)
{
    int saved = errno;
    if (++hits > 1) { /* asyncio raises KeyboardInterrupt at once */
        sigaction(sig, &previous, NULL);
        raise(sig);
    }
    atomic_bool *flag = loop_flag;
    if (flag != NULL)
        atomic_store(flag, true);
    uint64_t one = 1; /* the loop is in its poller, or soon will be */
    if (write(wake_fd, &one, sizeof one) < 0) {
    }
    errno = saved;
}

bool ac__sigint_install(ac_loop *loop)
{
    struct sigaction now, sa;
    if (!on_main_thread() || sigaction(SIGINT, NULL, &now) < 0 ||
        now.sa_handler != SIG_DFL || (now.sa_flags & SA_SIGINFO))
        return false;
    hits = delivered = 0;
    wake_fd = loop->wake_wr;
    loop_flag = &loop->ts_pending;
    previous = now;
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    installed = sigaction(SIGINT, &sa, NULL) == 0;
    return installed;
}

/* Called by a loop with an interrupt task when its thread-safe flag was
 * raised: cancels the task on the first SIGINT. */
void ac__sigint_poll(ac_loop *loop)
{
    if (hits == delivered)
        return;
    delivered = hits;
    if (delivered == 1 && !ac_task_done(loop->interrupt_task))
        ac_task_cancel(loop->interrupt_task, NULL);
}

bool ac__sigint_seen(void)
{
    return installed && hits > 0;
}

void ac__sigint_detach(void)
{
    loop_flag = NULL;
}

void ac__sigint_restore(void)
{
    if (!installed)
        return;
    sigaction(SIGINT, &previous, NULL);
    installed = false;
    wake_fd = -1;
}
