/* task.c - asyncio.Task: a future driven by a coroutine.
 *
 * A step resumes the innermost suspended frame (the leaf) through
 * ac__coro_drive, whatever the depth of the await chain, and when the leaf
 * suspends on a future, links the task's embedded step handle into that
 * future's callbacks: the step runs again when the future is done and the
 * leaf reads its outcome in await_result.  No allocation per resume. */
#include "loop/future.h"

#include "core/slab.h"
#include "core/vec.h"
#include "gen/frame.h"
#include "task/step.h"
#include "task/task_name.h"

#include <stdlib.h>
#include <string.h>

/* A task made for a coroutine made for it is built in the room in front
 * of its frame (gen/frame.h): it must fill it, to the frame's alignment. */
_Static_assert(sizeof(ac_task) <= AC__TASK_ROOM &&
                   AC__TASK_ROOM - sizeof(ac_task) < 16 &&
                   AC__TASK_ROOM % 16 == 0,
               "ac_task and its room differ");

/* A task of its own block: the struct and its coroutine's pointer. */
#define APART_SIZE (sizeof(ac_task) + sizeof(ac_frame *))

static _Thread_local unsigned task_counter; /* Task-N, as Python's */

static void task_dealloc(ac_object *self);
static bool task_cancel(ac_future *f, const char *msg);

/* The general paths of a step, kept out of line so that its short path
 * (task/step.h) does not pay their register saves. */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

static const ac__futclass task_class = {
    .type = {.name = "Task",
             .kind = AC_OBJ_FUTURE,
             .dealloc = task_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .cancel = task_cancel};

/* ---- the loop's pending tasks ---------------------------------------- */

#define NOT_LINKED UINT32_MAX /* a task's slot once it left the vector */

static OUT_OF_LINE int grow_tasks(ac_loop *loop)
{
    if (loop->ntasks == UINT32_MAX) /* a task's slot is 32 bits */
        return -1;
    ac_task **v = ac__vec_room(loop->tasks, loop->ntasks, &loop->tasks_cap,
                               sizeof *v, 64);
    if (v == NULL)
        return -1;
    loop->tasks = v;
    return 0;
}

/* Room for one more task: 0, or -1 when out of memory (nothing set).
 * The growth out of line: creating a task checks one count. */
static inline int reserve_task_slot(ac_loop *loop)
{
    return loop->ntasks < loop->tasks_cap ? 0 : grow_tasks(loop);
}

/* Appends t, with a slot reserved.  The loop's reference, until the task
 * is done, is the task's second (ac_loop_create_task). */
static void link_task(ac_loop *loop, ac_task *t)
{
    t->fut.task_slot = loop->ntasks;
    loop->tasks[loop->ntasks++] = t;
}

static bool is_linked(const ac_loop *loop, const ac_task *t)
{
    uint32_t i = t->fut.task_slot;
    return i < loop->ntasks && loop->tasks[i] == t;
}

/* The last task takes t's slot: O(1), and the vector stays dense (the
 * order of the tasks is not kept: asyncio's all_tasks is a set). */
static void unlink_task(ac_loop *loop, ac_task *t)
{
    ac_task *last = loop->tasks[--loop->ntasks];
    last->fut.task_slot = t->fut.task_slot;
    loop->tasks[t->fut.task_slot] = last;
    t->fut.task_slot = NOT_LINKED;
    if (t->fut.ob.refcnt > 1) /* mostly: its creator holds it still */
        t->fut.ob.refcnt--;
    else
        ac_decref(t);
}

/* ---- creation --------------------------------------------------------- */

/* ac_loop_create_task once loop is known to be usable from here (inline
 * in both constructors: one call per task made, not two). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline ac_task *
create_task(ac_loop *loop, ac_coro *c, const char *name)
{
    if (ac__kind(c) != AC_OBJ_CORO) {
        ac_err_format(&ac_TypeError, "a coroutine was expected, got %s",
                      ((ac_object *)c)->type->name);
        ac_decref(c);
        return NULL;
    }
    ac_frame *top = (ac_frame *)c;
    if (reserve_task_slot(loop) < 0) {
        ac_decref(c);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    /* In the room in front of its frame when it was made for a task (one
     * allocation for both), else one of its own. */
    void *room = ac__frame_take_room(top);
    ac_task *t = room ? room : ac__slab_zalloc(APART_SIZE);
    if (t == NULL || (name && ac__task_name_put(t, name) == NULL)) {
        if (!room && t != NULL)
            ac__slab_free(t, APART_SIZE);
        ac_decref(c);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    /* t is zeroed: what ac__future_init would store, less its zeroes (a
     * task's creation is on the path of every task, issue 12). */
    t->fut.ob.type = &task_class.type;
    t->fut.ob.refcnt = 2; /* the caller's, and the loop's list's */
    t->fut.loop = loop;
    t->fut.is_task = 1;
    t->fut.started = 1;
    if (room)
        t->fut.in_room = 1;
    else
        t->coro_apart[0] = top;
    ac__link_init_step(&t->step);
    t->step.owner_word = ++task_counter;
    link_task(loop, t);
    ac__loop_ready_embedded(loop, &t->step);
    return t;
}

ac_task *ac_loop_create_task(ac_loop *loop, ac_coro *c, const char *name)
{
    if (c == NULL)
        return NULL; /* the coroutine's constructor failed */
    if (ac__loop_check(loop) < 0) {
        ac_decref(c);
        return NULL;
    }
    return create_task(loop, c, name);
}

ac_task *ac_create_task(ac_coro *c, const char *name)
{
    if (c == NULL)
        return NULL; /* the coroutine's constructor failed: keep its error */
    ac_loop *loop = ac__running_loop();
    if (loop == NULL) {
        ac_decref(c);
        ac_err_format(&ac_RuntimeError, "no running event loop");
        return NULL;
    }
    return create_task(loop, c, name); /* the running loop: checked */
}

/* ---- one step --------------------------------------------------------- */

static void finish_task_slow(ac_task *t, int r);

/* The coroutine returned (AC_RETURNED) or raised (AC_RAISED, the exception
 * current): the task's outcome.  Inline, the case of most tasks: returned,
 * not cancelled, nothing to call back. */
static inline void finish_task(ac_task *t, int r)
{
    if (r == AC_RETURNED && !t->fut.must_cancel && t->fut.cb_last == NULL)
        t->fut.state = AC__FUT_FINISHED;
    else
        finish_task_slow(t, r);
}

static void finish_task_slow(ac_task *t, int r)
{
    if (r == AC_RETURNED) {
        if (t->fut.must_cancel) { /* cancelled right before it returned */
            t->fut.must_cancel = 0;
            char *msg = ac__future_take_msg(&t->fut);
            ac__future_cancel_plain(&t->fut, msg);
            free(msg);
        } else { /* callbacks to schedule (finish_task did the rest) */
            ac__future_mark_done(&t->fut, AC__FUT_FINISHED);
        }
        return;
    }
    ac_exc *e = ac_err_fetch();
    if (e == NULL)
        e = ac_exc_new(&ac_RuntimeError, "coroutine failed without an "
                                         "exception");
    if (ac_exc_matches(e, &ac_CancelledError)) {
        /* Keep the exception itself: awaiting the task re-raises it,
         * message and traceback included. */
        t->fut.must_cancel = 0;
        ac__future_cancel_plain(&t->fut, NULL);
        ac__future_set_exc(&t->fut, e);
    } else {
        ac__future_fail(&t->fut, e);
    }
}

/* The leaf is suspended on aw: wake the task when aw is done. */
static void wait_on(ac_task *t, void *aw)
{
    ac_loop *loop = t->fut.loop;
    const char *why = NULL;
    if (ac__is_yield_once(aw)) { /* sleep(0): run again next iteration */
        ac__loop_ready_embedded(loop, &t->step);
        return;
    }
    if (!ac__is_future(aw))
        why = "Task got bad yield";
    else if (aw == &t->fut)
        why = "Task cannot await on itself";
    else if (((ac_future *)aw)->loop && ((ac_future *)aw)->loop != loop)
        why = "Task got Future attached to a different loop";
    if (why) {
        /* Thrown into the coroutine at its next step, as asyncio. */
        t->fut.throw_held = 1;
        t->held = ac_exc_new(&ac_RuntimeError,
                             "%s: <Task pending "
                             "name='%s'>",
                             why, ac__task_name(t));
        ac__loop_ready(loop, &t->step);
        return;
    }
    ac_future *w = aw;
    ac_incref(w);
    t->held = w;
    ac__future_add_link(w, &t->step); /* embedded: no reference */
    if (t->fut.must_cancel && ac__future_cancel(w, ac__future_msg(&t->fut)))
        t->fut.must_cancel = 0;
}

/* Never started and cancelled: the body never runs (coro.throw on a
 * just-created coroutine raises without running it). */
static void cancel_unstarted(ac_task *t, ac_exc *exc)
{
    ac_coro_close((ac_coro *)ac__task_coro(t));
    ac_err_clear();
    ac_err_set(exc);
    finish_task(t, AC_RAISED);
}

/* Woken by the cancellation of the future it awaited (a second cancel
 * found that future cancelled already and set must_cancel). */
static bool waiter_cancelled(const ac_task *t)
{
    ac_future *w = ac__task_waiter(t);
    return w && w->state == AC__FUT_CANCELLED;
}

/* What this step throws into the coroutine (owned), or NULL: asyncio's
 * __step(exc) with _must_cancel applied. */
static ac_exc *exception_to_throw(ac_task *t)
{
    ac_exc *exc = NULL;
    if (t->fut.throw_held) {
        exc = t->held;
        t->held = NULL;
        t->fut.throw_held = 0;
    }
    if (!t->fut.must_cancel)
        return exc;
    t->fut.must_cancel = 0;
    if (exc == NULL && waiter_cancelled(t))
        return NULL; /* the leaf reads the waiter's own CancelledError,
                      * message included, as __wakeup hands it to __step */
    if (exc == NULL || !ac_exc_matches(exc, &ac_CancelledError)) {
        ac_decref(exc);
        exc = ac__future_cancelled_error(&t->fut);
    }
    return exc;
}

/* Resumes the coroutine with exc (taken) or nothing sent, then waits on
 * what it awaits or finishes the task. */
static void run_coroutine(ac_task *t, ac_exc *exc)
{
    if (t->leaf == NULL && ac__task_coro(t)->status == AC_GEN_CLOSED) {
        /* Given a coroutine that ran elsewhere, as coro.send(None). */
        ac_decref(exc);
        ac_err_format(&ac_RuntimeError,
                      "cannot reuse already awaited coroutine");
        finish_task(t, AC_RAISED);
        return;
    }
    /* A coroutine counted as started before its first step (an async
     * generator's aclose()/athrow() awaitable) is thrown into, as
     * CPython's throw() reaches the generator. */
    if (t->leaf == NULL && exc && ac__task_coro(t)->status == AC_GEN_CREATED) {
        cancel_unstarted(t, exc);
        return;
    }
    ac_frame *leaf = t->leaf ? t->leaf : ac__task_coro(t);
    leaf->how = exc ? AC_HOW_THROW : AC_HOW_SEND;
    if (exc)
        ac_err_set(exc);
    int r = ac__coro_drive(ac__task_coro(t), &leaf);
    t->leaf = leaf;
    if (r == AC_YIELDED)
        wait_on(t, leaf->waiting);
    else
        finish_task(t, r == AC_RETURNED ? AC_RETURNED : AC_RAISED);
}

static void drop_waiter(ac_task *t)
{
    ac_future *w = ac__task_waiter(t);
    if (w) {
        ac_decref(w);
        t->held = NULL;
    }
}

/* The step's end: a task that finished leaves the loop's list (the
 * loop's reference: may free t). */
static void unlink_if_done(ac_loop *loop, ac_task *t)
{
    if (t->fut.state != AC__FUT_PENDING && is_linked(loop, t))
        unlink_task(loop, t);
}

/* The general step, asyncio's __step: what to throw in (a cancellation,
 * a bad await), the waiter dropped, the coroutine driven from its leaf. */
OUT_OF_LINE void ac__task_step_general(ac_task *t)
{
    if (t->fut.state != AC__FUT_PENDING)
        return;
    ac_loop *loop = t->fut.loop;
    ac_task *outer = loop->current_task;
    loop->current_task = t;
    ac_exc *exc = exception_to_throw(t); /* reads the waiter */
    drop_waiter(t);
    run_coroutine(t, exc);
    loop->current_task = outer;
    unlink_if_done(loop, t);
}

/* The short path's leaf did something else than await sleep(0) again:
 * the driver goes on from its outcome r. */
OUT_OF_LINE void ac__task_step_went_on(ac_task *t, ac_frame *leaf, int r)
{
    ac_loop *loop = t->fut.loop;
    if (r == AC_RETURNED && leaf == ac__task_coro(t)) {
        /* The coroutine itself returned: no awaiter to resume, so what
         * the driver would do is finish it (without the driver's loop). */
        leaf->how = AC_HOW_SEND;
        r = ac__frame_finish(leaf, r);
    } else {
        r = ac__coro_drive_resumed(ac__task_coro(t), &leaf, r);
        t->leaf = leaf;
    }
    if (r == AC_YIELDED)
        wait_on(t, leaf->waiting);
    else
        finish_task(t, r == AC_RETURNED ? AC_RETURNED : AC_RAISED);
    loop->current_task = NULL;
    unlink_if_done(loop, t);
}

/* One step (task/step.h; the loop runs the same inline). */
void ac__task_step(void *arg)
{
    ac_task *t = arg;
    ac__exc_link running = {NULL, ac__exc_top};
    ac__exc_top = &running;
    ac__task_step_inline(t->fut.loop, t, &running);
    ac__exc_top = running.below;
}

/* ---- cancellation ----------------------------------------------------- */

static bool task_cancel(ac_future *f, const char *msg)
{
    ac_task *t = (ac_task *)f;
    f->log_exc = 0;
    if (f->state != AC__FUT_PENDING)
        return false;
    if (t->fut.u.cancel_requests != (unsigned short)-1) /* saturates */
        t->fut.u.cancel_requests++; /* as 3.11's _num_cancels_requested */
    ac_future *w = ac__task_waiter(t);
    if (w && ac__future_cancel(w, msg))
        return true;
    /* The step is already scheduled: it throws CancelledError in. */
    t->fut.must_cancel = 1;
    ac__future_set_msg(f, msg);
    return true;
}

bool ac_task_cancel(ac_task *t, const char *msg)
{
    return task_cancel(&t->fut, msg);
}

/* ---- queries ---------------------------------------------------------- */

bool ac_task_done(ac_task *t)
{
    return t->fut.state != AC__FUT_PENDING;
}

bool ac_task_cancelled(ac_task *t)
{
    return t->fut.state == AC__FUT_CANCELLED;
}

const char *ac__task_name(ac_task *t)
{
    const char *name = ac__task_name_get(t);
    if (name == NULL) {
        char buf[32];
        snprintf(buf, sizeof buf, "Task-%u", (unsigned)t->step.owner_word);
        name = ac__task_name_put(t, buf);
    }
    return name ? name : "Task";
}

const char *ac_task_get_name(ac_task *t)
{
    return ac__task_name(t);
}

int ac_task_result(ac_task *t, void *out)
{
    return ac__future_get_result(&t->fut, out, AC__ANY_SIZE);
}

ac_exc *ac_task_exception(ac_task *t)
{
    switch (t->fut.state) {
    case AC__FUT_PENDING:
        ac_err_format(&ac_InvalidStateError, "Exception is not set.");
        return NULL;
    case AC__FUT_CANCELLED:
        ac_err_set(ac__future_cancelled_error(&t->fut));
        return NULL;
    }
    t->fut.log_exc = 0;
    ac_exc *e = ac__future_exc(&t->fut);
    ac_incref(e);
    return e;
}

void ac_task_add_done_callback(ac_task *t, void (*cb)(ac_task *, void *),
                               void *arg)
{
    ac_handle *h = ac__handle_new(AC__H_TASK, (void *)cb, arg, &t->fut.ob);
    if (h == NULL)
        return;
    ac_incref(t);
    ac__future_add_link(&t->fut, &h->l);
}

ac_task *ac_current_task(void)
{
    ac_loop *loop = ac__running_loop();
    return loop ? loop->current_task : NULL;
}

/* ---- the end ---------------------------------------------------------- */

static void task_dealloc(ac_object *self)
{
    ac_task *t = (ac_task *)self;
    /* Mostly nothing to release: the tests save the calls. */
    if (t->fut.log_exc)
        ac__future_report_unretrieved(&t->fut);
    if (t->fut.cb_last || t->fut.outcome)
        ac__future_fini(&t->fut);
    if (t->held) /* a future or an exception */
        ac_decref(t->held);
    ac__task_name_drop(t);
    ac_frame *coro = ac__task_coro(t);
    if (!t->fut.in_room)
        ac__slab_free(t, APART_SIZE);
    ac_decref(coro); /* last: a task in its frame's room goes with it */
}

/* As Task.__del__ of a pending task (Python 3.11 closes the coroutine
 * first: its repr then says "done"). */
static void report_destroyed(ac_task *t)
{
    fflush(stdout);
    fputs("Task was destroyed but it is pending!\ntask: ", stderr);
    ac__task_repr(t, stderr);
    fputc('\n', stderr);
    fflush(stderr);
}

/* The loop goes away with tasks still pending: close their coroutines
 * (their finally blocks run), say so as asyncio does, and mark them
 * cancelled. */
void ac__tasks_teardown(ac_loop *loop)
{
    while (loop->ntasks > 0) {
        ac_task *t = loop->tasks[loop->ntasks - 1];
        ac_incref(t);
        unlink_task(loop, t);
        if (ac_coro_close((ac_coro *)ac__task_coro(t)) < 0)
            ac_err_write_unraisable(ac_err_fetch(), "a pending task");
        report_destroyed(t);
        ac_future *w = ac__task_waiter(t);
        if (w) {
            ac__future_remove_handles(w, (void *)ac__task_step, t);
            ac_decref(w);
            t->held = NULL;
        }
        /* Closing this task or one before it may have completed what it
         * waited on: its step is then on the ready queue, which outlives
         * it. */
        ac__loop_unready_embedded(loop, &t->step);
        t->fut.state = AC__FUT_CANCELLED;
        t->fut.loop = NULL;
        ac__future_fini(&t->fut);
        ac_decref(t);
    }
}
