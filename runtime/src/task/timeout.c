/* timeout.c - asyncio.timeout / timeout_at (Lib/asyncio/timeouts.py, with
 * 3.12's fixes: nested timeouts compare the task's cancelling() count to
 * the one at entry, and the TimeoutError is raised from the
 * CancelledError).  At the deadline the task in the block is cancelled;
 * on the way out that cancellation, if it is the timeout's own, becomes
 * TimeoutError.  Neither aenter nor aexit ever suspends: both return a
 * future already done (or raise). */
#include <math.h>
#include <stdlib.h>

#include "task/cancelling.h"

enum { CREATED, ENTERED, EXPIRING, EXPIRED, EXITED };
static const char *const state_names[] = {"created", "active", "expiring",
                                          "expired", "finished"};

struct ac_timeout {
    ac_object ob;
    int state;
    double when;         /* loop time; INFINITY: none */
    ac_task *task;       /* the task in the block (owned once entered) */
    unsigned cancelling; /* its cancelling() at entry */
    ac__timer timer;     /* embedded; armed while a deadline is set */
    ac_handle *soon;     /* a deadline already past: call_soon (kept) */
    ac_loop *loop;
};

static void on_timeout(void *arg)
{
    struct ac_timeout *t = arg;
    ac_task_cancel(t->task, NULL);
    t->state = EXPIRING;
}

static void disarm(struct ac_timeout *t)
{
    ac__timer_disarm(&t->timer);
    if (t->soon) {
        ac_handle_cancel(t->soon);
        ac_decref(t->soon);
        t->soon = NULL;
    }
}

/* As reschedule: a deadline already past runs at the next iteration with
 * the callbacks scheduled now (call_soon), before timers due by then. */
static void arm(struct ac_timeout *t)
{
    disarm(t);
    if (isinf(t->when) && t->when > 0)
        return;
    if (t->when <= ac_loop_time(t->loop)) {
        t->soon = ac_call_soon(t->loop, on_timeout, t);
        if (t->soon != NULL) {
            ac_incref(t->soon);
            return;
        }
        ac_err_clear();
    }
    ac__timer_arm(t->loop, &t->timer, t->when);
}

void ac_timeout_reschedule(struct ac_timeout *t, double when)
{
    if (t->state == CREATED) {
        ac_err_format(&ac_RuntimeError, "Timeout has not been entered");
        return;
    }
    if (t->state != ENTERED) {
        ac_err_format(&ac_RuntimeError, "Cannot change state of %s Timeout",
                      state_names[t->state]);
        return;
    }
    t->when = when;
    arm(t);
}

bool ac_timeout_expired(struct ac_timeout *t)
{
    return t->state == EXPIRING || t->state == EXPIRED;
}

double ac_timeout_when(struct ac_timeout *t)
{
    return t->when;
}

/* An awaitable already done with value (a pointer or a bool). */
static ac_coro *done_with(ac_loop *loop, const void *value, size_t size)
{
    ac_future *f = ac_future_new(loop, size);
    if (f != NULL)
        ac_future_set_result(f, value);
    return (ac_coro *)f;
}

static ac_coro *timeout_aenter(void *self)
{
    struct ac_timeout *t = self;
    ac_loop *loop = ac__running_loop();
    ac_task *task = loop ? loop->current_task : NULL;
    if (t->state != CREATED)
        ac_err_format(&ac_RuntimeError, "Timeout has already been entered");
    else if (task == NULL)
        ac_err_format(&ac_RuntimeError, "Timeout should be used inside a task");
    ac_coro *done = ac_err_occurred() ? NULL : done_with(loop, &t, sizeof t);
    if (done == NULL) {
        ac_decref(t); /* the block's reference: no aexit will come */
        return NULL;
    }
    t->state = ENTERED;
    ac_incref(task);
    t->task = task;
    t->loop = loop;
    t->cancelling = ac__task_cancelling(task);
    arm(t);
    return done;
}

/* exc is borrowed.  Drops the block's reference. */
static ac_coro *timeout_aexit(void *self, ac_exc *exc)
{
    struct ac_timeout *t = self;
    disarm(t);
    ac_exc *raised = NULL;
    if (t->state == EXPIRING) {
        t->state = EXPIRED;
        /* No cancellation requested since entry but ours: handle it. */
        if (ac__task_uncancel(t->task) <= t->cancelling && exc &&
            ac_exc_type_of(exc) == &ac_CancelledError) {
            raised = ac_exc_new(&ac_TimeoutError, NULL);
            ac_exc_set_cause(raised, exc);
            ac_exc_set_context(raised, exc);
        }
    } else if (t->state == ENTERED) {
        t->state = EXITED;
    }
    ac_loop *loop = t->loop;
    ac_decref(t);
    if (raised) {
        ac_err_set(raised);
        return NULL;
    }
    bool suppress = false;
    return done_with(loop, &suppress, sizeof suppress);
}

static void timeout_dealloc(ac_object *self)
{
    struct ac_timeout *t = (struct ac_timeout *)self;
    disarm(t);
    ac_decref(t->task);
    free(t);
}

static const ac_objtype timeout_type = {.acm = {timeout_aenter, timeout_aexit},
                                        .name = "Timeout",
                                        .kind = AC_OBJ_OTHER,
                                        .dealloc = timeout_dealloc};

struct ac_timeout *ac_timeout_at(double when)
{
    struct ac_timeout *t = ac__zalloc(sizeof *t);
    if (t == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&t->ob, &timeout_type);
    t->state = CREATED;
    t->when = isnan(when) ? INFINITY : when;
    ac__timer_init_embedded(&t->timer, on_timeout, t);
    return t;
}

struct ac_timeout *ac_timeout(double delay)
{
    ac_loop *loop = ac__running_loop();
    if (loop == NULL) {
        ac_err_format(&ac_RuntimeError, "no running event loop");
        return NULL;
    }
    if (isinf(delay) && delay > 0)
        return ac_timeout_at(INFINITY);
    return ac_timeout_at(ac_loop_time(loop) + delay);
}
