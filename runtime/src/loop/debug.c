/* debug.c - ASYNCC_DEBUG, asyncio's debug mode: slow callbacks are
 * reported ("Executing <Task ...> took 0.150 seconds"), ac_run prints the
 * traceback of the exception it returns (run.c), and ac_run's loop
 * reports a deadlock instead of waiting forever.
 *
 * A deadlock is a wait with no timeout and nothing that can ever end it:
 * no ready callback, no timer, no I/O watcher but the loop's own wakeup
 * fd, nothing queued from other threads, no executor job queued or
 * running.  Other threads are the one source of wakeups the loop cannot
 * see, and only a thread that has the loop can call
 * ac_call_soon_threadsafe on it: ac_run's loop is private to ac_run, so
 * once ac_get_running_loop gave it out (channels and streams ask for it
 * too), a wait is never called a deadlock. */
#include "gen/frame.h"
#include "loop/future.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* asyncio's BaseEventLoop.slow_callback_duration. */
#define SLOW_CALLBACK_SECONDS 0.1

static bool debug_on;
static pthread_once_t debug_once = PTHREAD_ONCE_INIT;

static void read_env(void)
{
    const char *v = getenv("ASYNCC_DEBUG");
    debug_on = v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

bool ac__debug_enabled(void)
{
    pthread_once(&debug_once, read_env);
    return debug_on;
}

/* ---- slow callbacks --------------------------------------------------- */

/* As asyncio's _run_once in debug mode: the handle is formatted after it
 * ran (a task's repr shows where its step left it). */
static void report_slow(ac_task *t, double dt)
{
    fflush(stdout);
    fputs("Executing ", stderr);
    if (t != NULL)
        ac__task_repr(t, stderr);
    else
        fputs("<Handle>", stderr);
    fprintf(stderr, " took %.3f seconds\n", dt);
    fflush(stderr);
}

void ac__debug_run_handle(ac_loop *loop, ac__link *l)
{
    ac_task *t = ac__task_of_step(l);
    ac_incref(t); /* a step may end its task: keep it to format it */
    double t0 = ac_loop_time(loop);
    /* Read first: an embedded link's callback may free its owner. */
    bool counted = !l->embedded;
    ac__link_run(l);
    if (counted) /* the queue's reference */
        ac_decref(ac__handle_of(l));
    double dt = ac_loop_time(loop) - t0;
    if (dt >= SLOW_CALLBACK_SECONDS)
        report_slow(t, dt);
    ac_decref(t);
}

/* ---- deadlock --------------------------------------------------------- */

static bool has_io_watchers(const ac_loop *loop)
{
    for (size_t fd = 0; fd < loop->nfds; fd++) {
        const ac__io_slot *s = &loop->fds[fd];
        if ((s->reader || s->writer) && (int)fd != loop->wake_rd)
            return true;
    }
    return false;
}

static bool can_wake(ac_loop *loop)
{
    return loop->exposed || loop->ready_head != NULL || loop->ntimers > 0 ||
           atomic_load(&loop->ts_pending) || has_io_watchers(loop) ||
           ac__executor_busy(loop);
}

static void report_deadlock(ac_loop *loop)
{
    size_t n = ac__loop_npending(loop);
    fflush(stdout);
    fprintf(stderr,
            "asyncc: deadlock: nothing can wake the %zu pending task%s (no "
            "ready callbacks, timers, I/O watchers, executor jobs or other "
            "threads)\n",
            n, n == 1 ? "" : "s");
    for (uint32_t i = loop->ntasks; i-- > 0;)
        ac_task_print_stack(loop->tasks[i], stderr);
    fflush(stderr);
}

bool ac__debug_deadlocked(ac_loop *loop)
{
    if (ac__loop_npending(loop) == 0 || can_wake(loop))
        return false;
    report_deadlock(loop);
    return true;
}
