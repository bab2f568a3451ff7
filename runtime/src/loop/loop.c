/* loop.c - the event loop: ready queue, one iteration (_run_once),
 * run_forever/stop, run_until_complete, call_soon and its thread-safe
 * variant, as asyncio's BaseEventLoop. */
#include "loop/future.h"
#include "gen/agen.h"
#include "task/step.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

/* Kept out of line: the iteration's short path does not pay their
 * register saves. */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

_Thread_local ac_loop *ac__loop_running;

/* A loop given out may reach another thread (call_soon_threadsafe): a
 * wait with nothing else pending is no deadlock then (debug.c). */
ac_loop *ac_get_running_loop(void)
{
    if (ac__loop_running != NULL)
        ac__loop_running->exposed = true;
    return ac__loop_running;
}

double ac_loop_time(ac_loop *loop)
{
    (void)loop;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- ready queue ------------------------------------------------------ */

/* The ready queue and the thread-safe queue are FIFOs of handles linked
 * through next, each holding a reference to its handles. */
static void queue_append(ac__link **head, ac__link **tail, ac__link *l)
{
    l->next = NULL;
    if (*tail)
        (*tail)->next = l;
    else
        *head = l;
    *tail = l;
}

/* Empties the queue; returns its first handle (the rest linked). */
static ac__link *queue_take(ac__link **head, ac__link **tail)
{
    ac__link *first = *head;
    *head = *tail = NULL;
    return first;
}

/* Appends h, whose reference passes to the queue. */
static void ready_append_owned(ac_loop *loop, ac__link *l)
{
    queue_append(&loop->ready_head, &loop->ready_tail, l);
}

void ac__loop_ready(ac_loop *loop, ac__link *l)
{
    if (!l->embedded)
        ac_incref(ac__handle_of(l));
    ready_append_owned(loop, l);
}

void ac__loop_unready_embedded(ac_loop *loop, ac__link *l)
{
    ac__link *prev = NULL;
    for (ac__link *it = loop->ready_head; it != NULL;
         prev = it, it = it->next) {
        if (it != l)
            continue;
        if (prev)
            prev->next = it->next;
        else
            loop->ready_head = it->next;
        if (loop->ready_tail == it)
            loop->ready_tail = prev;
        it->next = NULL;
        return;
    }
}

static void release_list(ac__link *l)
{
    while (l) {
        ac__link *next = l->next;
        l->next = NULL;
        ac__link_release(l);
        l = next;
    }
}

static int closed_error(void)
{
    return ac_err_format(&ac_RuntimeError, "Event loop is closed");
}

/* As asyncio's _check_closed and, in debug mode, _check_thread.  The
 * owner thread is the one whose ac__loop_running this is. */
int ac__loop_check(ac_loop *loop)
{
    if (ac__loop_running == loop)
        return 0;
    if (loop->closed)
        return closed_error();
    if (loop->debug && atomic_load(&loop->bound))
        return ac_err_format(&ac_RuntimeError,
                             "Non-thread-safe operation invoked on an event "
                             "loop other than the current one");
    return 0;
}

ac_handle *ac_call_soon(ac_loop *loop, void (*cb)(void *), void *arg)
{
    if (ac__loop_check(loop) < 0)
        return NULL;
    ac_handle *h = ac__handle_new(AC__H_PLAIN, (void *)cb, arg, NULL);
    if (h != NULL)
        ready_append_owned(loop, &h->l);
    return h;
}

/* ---- thread-safe queue ------------------------------------------------ */

static void wake_up(ac_loop *loop)
{
    uint64_t one = 1;
    ssize_t n;
    do
        n = write(loop->wake_wr, &one, sizeof one);
    while (n < 0 && errno == EINTR);
    /* EAGAIN: the pipe is full, so the poller will wake anyway. */
}

static void drain_wakeups(void *arg)
{
    ac_loop *loop = arg;
    char buf[64];
    while (read(loop->wake_rd, buf, sizeof buf) > 0)
        ;
}

/* The wakeup is written under the lock: ac_loop_free closes the fd under
 * it once the loop is marked closed. */
ac_handle *ac__call_soon_threadsafe_hold(ac_loop *loop, void (*cb)(void *),
                                         void *arg, ac_object *hold)
{
    ac_handle *h = ac__handle_new(AC__H_PLAIN, (void *)cb, arg, hold);
    if (h == NULL)
        return NULL;
    pthread_mutex_lock(&loop->ts_lock);
    if (loop->closed) {
        pthread_mutex_unlock(&loop->ts_lock);
        ac__cbh(h)->hold = NULL; /* a reference of the loop's thread: kept */
        ac_decref(h);
        closed_error();
        return NULL;
    }
    queue_append(&loop->ts_head, &loop->ts_tail, &h->l);
    atomic_store_explicit(&loop->ts_pending, true, memory_order_release);
    wake_up(loop);
    pthread_mutex_unlock(&loop->ts_lock);
    return h;
}

void ac_loop_keep(ac_loop *loop)
{
    atomic_fetch_add_explicit(&loop->refs, 1, memory_order_relaxed);
}

void ac_loop_release(ac_loop *loop)
{
    if (loop == NULL ||
        atomic_fetch_sub_explicit(&loop->refs, 1, memory_order_acq_rel) != 1)
        return;
    pthread_mutex_destroy(&loop->ts_lock);
    free(loop);
}

bool ac_loop_is_closed(ac_loop *loop)
{
    pthread_mutex_lock(&loop->ts_lock);
    bool closed = loop->closed;
    pthread_mutex_unlock(&loop->ts_lock);
    return closed;
}

/* From the loop's own thread this is call_soon (same FIFO order as
 * asyncio); from another thread the handle must not be used afterwards:
 * the loop may already have run and freed it. */
ac_handle *ac_call_soon_threadsafe(ac_loop *loop, void (*cb)(void *), void *arg)
{
    if (ac__loop_running == loop)
        return ac_call_soon(loop, cb, arg);
    return ac__call_soon_threadsafe_hold(loop, cb, arg, NULL);
}

/* The queue's handles go to the ready queue; then a SIGINT is acted on
 * (sigint.c's handler raises the flag too, after counting the signal). */
static OUT_OF_LINE void take_threadsafe_flagged(ac_loop *loop)
{
    pthread_mutex_lock(&loop->ts_lock);
    atomic_store_explicit(&loop->ts_pending, false, memory_order_relaxed);
    ac__link *l = queue_take(&loop->ts_head, &loop->ts_tail);
    pthread_mutex_unlock(&loop->ts_lock);
    while (l) {
        ac__link *next = l->next;
        ready_append_owned(loop, l);
        l = next;
    }
    if (loop->interrupt_task != NULL)
        ac__sigint_poll(loop);
}

/* The flag spares most iterations the mutex; a handle queued just after
 * the look is seen next iteration (its wakeup ends the coming wait). */
static inline void take_threadsafe(ac_loop *loop)
{
    if (atomic_load_explicit(&loop->ts_pending, memory_order_acquire))
        take_threadsafe_flagged(loop);
}

/* ---- creation and teardown -------------------------------------------- */

static int open_wakeup(ac_loop *loop)
{
#ifdef __linux__
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0)
        return -1;
    loop->wake_rd = loop->wake_wr = fd;
#else
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    loop->wake_rd = fds[0];
    loop->wake_wr = fds[1];
#endif
    return 0;
}

static void close_wakeup(ac_loop *loop)
{
    if (loop->wake_rd >= 0)
        close(loop->wake_rd);
    if (loop->wake_wr >= 0 && loop->wake_wr != loop->wake_rd)
        close(loop->wake_wr);
    loop->wake_rd = loop->wake_wr = -1;
}

ac_loop *ac_loop_new(void)
{
    ac_loop *loop = ac__zalloc(sizeof *loop);
    if (loop == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    loop->wake_rd = loop->wake_wr = -1;
    pthread_mutex_init(&loop->ts_lock, NULL);
    atomic_init(&loop->ts_pending, false);
    atomic_init(&loop->refs, 1);
    atomic_init(&loop->bound, false);
    loop->debug = ac__debug_enabled();
    if (ac__poller_open(loop) < 0 || open_wakeup(loop) < 0 ||
        ac__loop_add_reader(loop, loop->wake_rd, drain_wakeups, loop) < 0) {
        if (!ac_err_occurred())
            ac_err_set(ac_exc_from_errno(errno, NULL));
        ac__poller_close(loop);
        close_wakeup(loop);
        pthread_mutex_destroy(&loop->ts_lock);
        ac__loop_io_free(loop);
        free(loop);
        return NULL;
    }
    return loop;
}

/* Marks the loop closed and closes its wakeup fd, both under the lock
 * call_soon_threadsafe takes; what was queued before is released. */
static void close_threadsafe(ac_loop *loop)
{
    pthread_mutex_lock(&loop->ts_lock);
    loop->closed = true;
    ac__link *ts = queue_take(&loop->ts_head, &loop->ts_tail);
    close_wakeup(loop);
    pthread_mutex_unlock(&loop->ts_lock);
    release_list(ts);
}

static void release_queues(ac_loop *loop)
{
    release_list(queue_take(&loop->ready_head, &loop->ready_tail));
    pthread_mutex_lock(&loop->ts_lock);
    ac__link *ts = queue_take(&loop->ts_head, &loop->ts_tail);
    pthread_mutex_unlock(&loop->ts_lock);
    release_list(ts);
}

void ac_loop_free(ac_loop *loop)
{
    if (loop == NULL)
        return;
    if (loop->running) {
        ac_err_format(&ac_RuntimeError, "Cannot close a running event loop");
        return;
    }
    ac__executor_shutdown(loop);
    ac__loop_agen_release(loop);
    release_queues(loop);
    ac__tasks_teardown(loop);
    release_queues(loop); /* whatever the dropped tasks scheduled */
    if (loop->proc_free != NULL)
        loop->proc_free(loop);
    ac__loop_cancel_timers_and_io(loop);
    release_queues(loop);
    ac__poller_close(loop);
    close_threadsafe(loop);
    ac__timers_free(loop);
    ac__loop_io_free(loop);
    free(loop->tasks); /* emptied by ac__tasks_teardown */
    loop->tasks = NULL;
    loop->ntasks = loop->tasks_cap = 0;
    ac_loop_release(loop);
}

/* ---- running ---------------------------------------------------------- */

/* How long the poller may block: 0 when there is work, until the next
 * timer (rounded up to a millisecond, as asyncio's selectors), or -1. */
static int poll_timeout(ac_loop *loop)
{
    if (loop->ready_head || loop->stopping)
        return 0;
    if (loop->ntimers == 0)
        return -1;
    double wait = ac__timers_first_when(loop) - ac_loop_time(loop);
    if (wait <= 0)
        return 0;
    double ms = ceil(wait * 1e3);
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Whether this iteration asks the kernel for I/O.  Always when nothing is
 * ready (the wait is where the loop sleeps), when a timer is due (its
 * callback and the I/O that came with it are ordered as asyncio orders
 * them); while ready work keeps coming, only every AC__POLL_EVERY
 * iterations: a poll with timeout 0 finds nothing most of the time, and a
 * readiness is still seen within that many iterations (Tokio polls every
 * 61 ticks the same way).  poll_in counts the iterations down (run_once
 * takes one off each iteration with work ready).  The first iteration of a
 * run always polls (poll_in starts at 1), so a loop stopped before it ran
 * polls once with timeout 0, as asyncio; later ones never start stopping
 * (run_forever ends first). */
static bool must_poll(ac_loop *loop)
{
    if (loop->ready_head == NULL || loop->poll_in == 0)
        return true;
    return loop->ntimers > 0 &&
           ac__timers_first_when(loop) < ac_loop_time(loop) + 1e-9;
}

/* false when the wait would never end (debug mode's deadlock). */
static bool poll_io(ac_loop *loop)
{
    loop->poll_in = AC__POLL_EVERY;
    if (loop->trim_due.n > 0 || loop->trim_next.n > 0)
        ac__loop_io_trim(loop);
    int timeout = poll_timeout(loop);
    if (timeout < 0 && loop->watch_deadlock && ac__debug_deadlocked(loop)) {
        loop->deadlocked = loop->stopping = true;
        return false;
    }
    loop->npoller_waits++;
    if (ac__poller_wait(loop, timeout) < 0 && errno != EINTR) {
        ac_exc *e = ac_exc_from_errno(errno, NULL);
        ac_err_write_unraisable(e, "the event loop's poller");
    }
    return true;
}

static OUT_OF_LINE void run_handles_debug(ac_loop *loop, ac__link *l)
{
    while (l) {
        ac__link *next = l->next;
        ac__debug_run_handle(loop, l);
        l = next;
    }
}

/* Runs the handles from h on, each once (their queue's references).  A
 * handle's next is left as it is: whatever queues it again sets it. */
static void run_handles(ac_loop *loop, ac__link *l)
{
    if (loop->debug) {
        run_handles_debug(loop, l);
        return;
    }
    /* Above the running frames as the loop found them, the link a task's
     * step runs its frame in (no frame between steps), linked once for
     * all the handles: each leaves the running frames as it found them. */
    ac__exc_link running = {NULL, ac__exc_top};
    ac__exc_top = &running;
    while (l) {
        ac__link *next = l->next;
        if (l->kind == AC__H_STEP) {
            /* A task's step (embedded, never cancelled): its short path
             * runs here, without a call of its own (task/step.h). */
            ac__task_step_inline(loop, ac__task_of_step(l), &running);
        } else if (l->embedded) {
            /* Its owner (a sleep) keeps it, uncounted; the callback may
             * free the owner: never touch l afterwards. */
            ac__cbhandle *h = ac__cbh(ac__handle_of(l));
            if (!l->cancelled)
                h->cb.plain(h->arg);
        } else {
            ac__link_run(l);
            ac_decref(ac__handle_of(l));
        }
        l = next;
    }
    ac__exc_top = running.below;
}

/* What precedes the handles when the iteration polls or has timers:
 * false when the loop stops (debug mode's deadlock). */
static OUT_OF_LINE bool prepare_slow(ac_loop *loop)
{
    if (must_poll(loop) && !poll_io(loop))
        return false;
    take_threadsafe(loop);
    if (loop->ntimers > 0) {
        double end = ac_loop_time(loop) + 1e-9; /* the clock's resolution */
        while (loop->ntimers > 0 && ac__timers_first_when(loop) < end) {
            ac__timer *t = ac__timers_pop(loop);
            ready_append_owned(loop, &t->h.h.l);
        }
    }
    return true;
}

/* One iteration: poll for I/O (see must_poll), take what other threads
 * queued and act on a SIGINT (take_threadsafe), move due timers to the
 * ready queue, then run exactly the handles that were ready at that
 * point.  While work is ready, no timer is armed and no poll is due, that
 * is three reads and a count before the handles run. */
static void run_once(ac_loop *loop)
{
    if (loop->ready_head != NULL && --loop->poll_in != 0 && loop->ntimers == 0)
        take_threadsafe(loop);
    else if (!prepare_slow(loop))
        return;
    run_handles(loop, queue_take(&loop->ready_head, &loop->ready_tail));
}

/* 0 when loop may start running on this thread, else -1 with the
 * RuntimeError asyncio raises. */
static int check_can_run(ac_loop *loop)
{
    if (loop->running)
        return ac_err_format(&ac_RuntimeError,
                             "This event loop is already running");
    if (ac__loop_running != NULL)
        return ac_err_format(
            &ac_RuntimeError,
            "Cannot run the event loop while another loop is running");
    return 0;
}

void ac_loop_run_forever(ac_loop *loop)
{
    if (check_can_run(loop) < 0)
        return;
    loop->running = true;
    ac__loop_running = loop;
    atomic_store(&loop->bound, true);
    /* The loop's async-generator hooks while it runs (agen_shutdown.c). */
    ac_agen_hook old_firstiter, old_finalizer;
    ac_get_asyncgen_hooks(&old_firstiter, &old_finalizer);
    ac_set_asyncgen_hooks(ac__loop_agen_firstiter, ac__loop_agen_finalizer);
    loop->poll_in = 1; /* the first iteration polls */
    for (;;) {
        run_once(loop);
        if (loop->stopping)
            break;
    }
    ac_set_asyncgen_hooks(old_firstiter, old_finalizer);
    loop->stopping = false;
    loop->running = false;
    atomic_store(&loop->bound, false);
    ac__loop_running = NULL;
}

void ac_loop_stop(ac_loop *loop)
{
    loop->stopping = true;
}

static void stop_when_done(ac_future *f, void *loop)
{
    (void)f;
    ac_loop_stop(loop);
}

/* Takes awaitable.  0 with its result copied to result (when not NULL), or
 * -1 with the exception set. */
int ac_loop_run_until_complete(ac_loop *loop, void *awaitable, void *result)
{
    if (check_can_run(loop) < 0) {
        ac_decref(awaitable);
        return -1;
    }
    ac_future *f = ac__ensure_future(loop, awaitable);
    if (f == NULL)
        return -1;
    ac_handle *h =
        ac__handle_new(AC__H_FUTURE, (void *)stop_when_done, loop, NULL);
    if (h == NULL) {
        ac_decref(f);
        return -1;
    }
    ac_incref(f);
    ac__cbh(h)->hold = &f->ob;
    ac__future_add_link(f, &h->l);
    ac_loop_run_forever(loop);
    ac__future_remove_handles(f, (void *)stop_when_done, loop);
    int rc;
    if (f->state == AC__FUT_PENDING)
        rc = ac_err_format(&ac_RuntimeError,
                           "Event loop stopped before Future completed.");
    else
        rc = ac__future_get_result(f, result, AC__ANY_SIZE);
    ac_decref(f);
    return rc;
}
