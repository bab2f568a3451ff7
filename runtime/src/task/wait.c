/* wait.c - asyncio.wait: a future done when the first task is
 * (AC_FIRST_COMPLETED), the first raises (AC_FIRST_EXCEPTION) or all are
 * (AC_ALL_COMPLETED), or when the timeout passes; its result is how many
 * of the tasks are done then (size_t).  It raises none of theirs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loop/future.h"

typedef struct wait_future {
    ac_future fut;
    size_t n, counter;
    ac_task **tasks;   /* owned */
    ac_handle **watch; /* on_completion on each (owned) */
    double timeout;
    int return_when;
    ac__timer timer; /* embedded */
    size_t ndone;    /* the result, counted when the waiter wakes */
} wait_future;

static void release_waiter(void *arg)
{
    wait_future *w = arg;
    if (w->fut.state == AC__FUT_PENDING)
        ac__future_mark_done(&w->fut, AC__FUT_FINISHED);
}

/* _wait's _on_completion. */
static void on_completion(ac_future *f, void *arg)
{
    wait_future *w = arg;
    w->counter--;
    bool failed = false;
    if (w->return_when == AC_FIRST_EXCEPTION && f->state == AC__FUT_FINISHED &&
        ac__future_exc(f) != NULL) {
        f->log_exc = 0; /* f.exception() retrieves it */
        failed = true;
    }
    if (w->counter == 0 || w->return_when == AC_FIRST_COMPLETED || failed) {
        ac__timer_disarm(&w->timer);
        release_waiter(w);
    }
}

static int wait_start(ac_future *f)
{
    wait_future *w = (wait_future *)f;
    if (w->n == 0)
        return ac_err_format(&ac_ValueError, "Set of Tasks/Futures is empty.");
    if (w->return_when < AC_FIRST_COMPLETED ||
        w->return_when > AC_ALL_COMPLETED)
        return ac_err_format(&ac_ValueError, "Invalid return_when value: %d",
                             w->return_when);
    /* Already done ones are counted at the next iteration, as in asyncio:
     * their callbacks are scheduled, not run. */
    for (size_t i = 0; i < w->n; i++) {
        w->watch[i] = ac__future_watch(&w->tasks[i]->fut, on_completion, w);
        if (w->watch[i] == NULL)
            return -1;
    }
    if (isfinite(w->timeout))
        ac__timer_arm(f->loop, &w->timer, ac_loop_time(f->loop) + w->timeout);
    return 0;
}

static int wait_result(ac_future *f, void *dst, size_t size)
{
    wait_future *w = (wait_future *)f;
    if (f->state == AC__FUT_CANCELLED) {
        ac_err_set(ac__future_cancelled_error(f));
        return -1;
    }
    if (dst != NULL && size != AC__ANY_SIZE && size != sizeof(size_t))
        return ac_err_format(&ac_TypeError,
                             "await ac_wait: the result is a size_t");
    w->ndone = 0;
    for (size_t i = 0; i < w->n; i++)
        if (ac_task_done(w->tasks[i]))
            w->ndone++;
    if (dst != NULL)
        memcpy(dst, &w->ndone, sizeof w->ndone);
    return 0;
}

static void wait_dealloc(ac_object *self)
{
    wait_future *w = (wait_future *)self;
    ac__timer_disarm(&w->timer);
    for (size_t i = 0; i < w->n; i++) {
        ac__future_unwatch(&w->tasks[i]->fut, w->watch[i]);
        ac_decref(w->tasks[i]);
    }
    ac__future_fini(&w->fut);
    free(w->tasks);
    free(w->watch);
    free(w);
}

static const ac__futclass wait_class = {
    .type = {.name = "wait",
             .kind = AC_OBJ_FUTURE,
             .dealloc = wait_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .start = wait_start,
    .get_result = wait_result};

/* Borrows the tasks (keeps its own references while it lives). */
void *ac_wait(ac_task *const *ts, size_t n, double timeout, int return_when)
{
    wait_future *w = ac__zalloc(sizeof *w);
    ac_task **tasks = calloc(n ? n : 1, sizeof *tasks);
    ac_handle **watch = calloc(n ? n : 1, sizeof *watch);
    if (w == NULL || tasks == NULL || watch == NULL) {
        free(w), free(tasks), free(watch);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&w->fut, &wait_class, ac__running_loop(), NULL, 0);
    for (size_t i = 0; i < n; i++) {
        tasks[i] = ts[i];
        ac_incref(ts[i]);
    }
    w->n = w->counter = n;
    w->tasks = tasks;
    w->watch = watch;
    w->timeout = isnan(timeout) ? 0 : timeout;
    w->return_when = return_when;
    ac__timer_init_embedded(&w->timer, release_waiter, w);
    return w;
}
