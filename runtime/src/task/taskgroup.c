/* taskgroup.c - asyncio.TaskGroup (Lib/asyncio/taskgroups.py, 3.11.7 =
 * 3.12): an async context manager whose exit waits for every task it
 * created.  The first child to fail cancels the others and the parent
 * task (uncancelled again on exit); once all are done the failures are
 * raised together as an ExceptionGroup.
 *
 * aenter is a future already done (it never suspends, as the Python
 * coroutine never does); aexit is a future done when the last child is,
 * whose cancel hook is what the `except CancelledError` around
 * `await self._on_completed_fut` does. */
#include <stdlib.h>
#include <string.h>

#include "core/exc_group.h"
#include "core/vec.h"
#include "task/cancelling.h"

typedef struct child {
    ac_task *task;    /* owned until it is done */
    ac_handle *watch; /* on_task_done on it (owned) */
} child;

typedef struct tg_exit tg_exit;

struct ac_task_group {
    ac_object ob;
    ac_loop *loop;
    ac_task *parent; /* owned once entered */
    bool entered, exiting, aborting, parent_cancel_requested;
    child *tasks; /* pending children, in creation order */
    size_t ntasks, captasks;
    ac_exc **errors; /* owned; NULL once raised as a group */
    size_t nerrors, caperrors;
    ac_exc *base_error; /* owned: SystemExit or KeyboardInterrupt */
    tg_exit *exit;      /* aexit waiting for the children (borrowed) */
};

/* The aexit future: holds the block's reference to the group. */
struct tg_exit {
    ac_future fut;
    ac_task_group *tg; /* owned */
    ac_exc *propagate; /* propagate_cancellation_error (owned) */
    ac_exc *body_exc;  /* what the body raised, not a CancelledError */
    ac_exc *outcome;   /* raised when awaited (owned); NULL: none */
};

/* ---- repr and small helpers ------------------------------------------ */

/* TaskGroup.__repr__: "<TaskGroup tasks=2 errors=1 cancelling>". */
static void tg_repr(const ac_task_group *tg, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "<TaskGroup");
    if (tg->ntasks && n >= 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - n, " tasks=%zu", tg->ntasks);
    if (tg->nerrors && n >= 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - n, " errors=%zu", tg->nerrors);
    if (n >= 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - n, "%s",
                      tg->aborting  ? " cancelling"
                      : tg->entered ? " entered"
                                    : "");
    if (n >= 0 && (size_t)n < cap)
        snprintf(buf + n, cap - n, ">");
}

static int tg_error(const ac_task_group *tg, const char *what)
{
    char repr[96];
    tg_repr(tg, repr, sizeof repr);
    return ac_err_format(&ac_RuntimeError, "TaskGroup %s %s", repr, what);
}

static bool is_base_error(const ac_exc *e)
{
    return ac_exc_matches(e, &ac_SystemExit) ||
           ac_exc_matches(e, &ac_KeyboardInterrupt);
}

static void abort_children(ac_task_group *tg)
{
    tg->aborting = true;
    /* Cancelling may not run anything at once, but be safe against the
     * array changing: cancel a snapshot of the tasks. */
    for (size_t i = 0; i < tg->ntasks; i++)
        if (!ac_task_done(tg->tasks[i].task))
            ac_task_cancel(tg->tasks[i].task, NULL);
}

static int add_error(ac_task_group *tg, ac_exc *e)
{
    ac_exc **grown =
        ac__vec_room(tg->errors, tg->nerrors, &tg->caperrors, sizeof *grown, 4);
    if (grown == NULL)
        return -1;
    tg->errors = grown;
    ac_incref(e);
    tg->errors[tg->nerrors++] = e;
    return 0;
}

/* ---- exit ------------------------------------------------------------ */

/* All children done: what awaiting aexit raises, as the end of
 * TaskGroup.__aexit__. */
static ac_exc *exit_outcome(tg_exit *x)
{
    ac_task_group *tg = x->tg;
    if (tg->base_error) {
        ac_incref(tg->base_error);
        return tg->base_error;
    }
    if (x->propagate && tg->nerrors == 0) {
        ac_incref(x->propagate);
        return x->propagate;
    }
    if (x->body_exc && add_error(tg, x->body_exc) < 0)
        return ac_exc_new(&ac_MemoryError, NULL);
    if (tg->nerrors == 0)
        return NULL;
    ac_exc *group = ac__exc_group_new("unhandled errors in a TaskGroup",
                                      tg->errors, tg->nerrors);
    free(tg->errors); /* the group took the references */
    tg->errors = NULL;
    tg->nerrors = tg->caperrors = 0;
    ac_exc_set_cause(group, NULL); /* raise me from None */
    return group;
}

static void exit_finish(tg_exit *x)
{
    x->tg->exit = NULL;
    x->outcome = exit_outcome(x);
    ac__future_mark_done(&x->fut, AC__FUT_FINISHED);
}

/* The children are cancelled where asyncio's parent task would run its
 * `except CancelledError` around `await self._on_completed_fut`: at the
 * step the cancellation schedules, not at once (a child finishing in
 * between is then not cancelled). */
static void abort_later(void *arg)
{
    tg_exit *x = arg;
    if (x->tg->exit == x && !x->tg->aborting)
        abort_children(x->tg);
    ac_decref(x);
}

/* The parent is cancelled while waiting for the children: cancel them
 * (once) and raise that CancelledError when they are all done.  The wait
 * goes on either way. */
static bool exit_cancel(ac_future *f, const char *msg)
{
    tg_exit *x = (tg_exit *)f;
    if (f->state != AC__FUT_PENDING)
        return false;
    if (!x->tg->aborting) {
        ac_decref(x->propagate);
        x->propagate = ac_exc_new(&ac_CancelledError, msg ? "%s" : NULL, msg);
        ac_incref(x);
        if (ac_call_soon(f->loop, abort_later, x) == NULL) {
            ac_err_clear();
            ac_decref(x);
            abort_children(x->tg);
        }
    }
    return true;
}

static int exit_result(ac_future *f, void *dst, size_t size)
{
    tg_exit *x = (tg_exit *)f;
    if (x->outcome) {
        ac_incref(x->outcome);
        ac_err_set(x->outcome);
        return -1;
    }
    if (dst != NULL && size != AC__ANY_SIZE && size != sizeof(bool))
        return ac_err_format(&ac_TypeError, "aexit's result is a bool");
    if (dst != NULL)
        *(bool *)dst = false; /* never suppresses */
    return 0;
}

static void exit_dealloc(ac_object *self)
{
    tg_exit *x = (tg_exit *)self;
    if (x->tg->exit == x)
        x->tg->exit = NULL;
    ac_decref(x->tg);
    ac_decref(x->propagate);
    ac_decref(x->body_exc);
    ac_decref(x->outcome);
    ac__future_fini(&x->fut);
    free(x);
}

static const ac__futclass exit_class = {
    .type = {.name = "TaskGroup.__aexit__",
             .kind = AC_OBJ_FUTURE,
             .dealloc = exit_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .cancel = exit_cancel,
    .get_result = exit_result};

/* TaskGroup.__aexit__ up to its wait.  exc is borrowed; the block's
 * reference to the group passes to the future. */
static ac_coro *tg_aexit(void *self, ac_exc *exc)
{
    ac_task_group *tg = self;
    tg_exit *x = ac__zalloc(sizeof *x);
    if (x == NULL) {
        ac_decref(tg);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&x->fut, &exit_class, tg->loop, NULL, 0);
    x->tg = tg;
    tg->exiting = true;
    if (exc && is_base_error(exc) && tg->base_error == NULL) {
        ac_incref(exc);
        tg->base_error = exc;
    }
    bool cancelled = exc && ac_exc_type_of(exc) == &ac_CancelledError;
    if (cancelled) {
        ac_incref(exc);
        x->propagate = exc;
    }
    /* The group cancelled its parent: take that back; with no other
     * cancellation pending, the CancelledError is not propagated. */
    if (tg->parent_cancel_requested && ac__task_uncancel(tg->parent) == 0) {
        ac_decref(x->propagate);
        x->propagate = NULL;
    }
    if (exc && !cancelled) {
        ac_incref(exc);
        x->body_exc = exc;
    }
    if (exc && !tg->aborting)
        abort_children(tg);
    if (tg->ntasks == 0)
        exit_finish(x);
    else
        tg->exit = x;
    return (ac_coro *)x;
}

/* ---- children --------------------------------------------------------- */

static void forget_child(ac_task_group *tg, size_t i)
{
    child c = tg->tasks[i];
    memmove(&tg->tasks[i], &tg->tasks[i + 1],
            (tg->ntasks - i - 1) * sizeof *tg->tasks);
    tg->ntasks--;
    ac__future_unwatch(&c.task->fut, c.watch);
    ac_decref(c.task);
}

/* TaskGroup._on_task_done. */
static void on_task_done(ac_future *f, void *arg)
{
    ac_task_group *tg = arg;
    ac_task *t = (ac_task *)f;
    ac_incref(t);
    for (size_t i = 0; i < tg->ntasks; i++)
        if (tg->tasks[i].task == t) {
            forget_child(tg, i);
            break;
        }
    ac_exc *exc = ac_task_cancelled(t) ? NULL : ac__future_exc(&t->fut);
    if (exc != NULL) {
        t->fut.log_exc = 0; /* retrieved, as task.exception() */
        if (add_error(tg, exc) < 0)
            ac_err_write_unraisable(ac_exc_new(&ac_MemoryError, NULL),
                                    "a TaskGroup");
        if (is_base_error(exc) && tg->base_error == NULL) {
            ac_incref(exc);
            tg->base_error = exc;
        }
        /* Abort what the body is awaiting; __aexit__ uncancels. */
        if (!ac_task_done(tg->parent) && !tg->aborting &&
            !tg->parent_cancel_requested) {
            abort_children(tg);
            tg->parent_cancel_requested = true;
            ac_task_cancel(tg->parent, NULL);
        }
    }
    /* Python sets _on_completed_fut's result first, but the exit's
     * outcome is read later: it must include this child's error. */
    if (tg->exit && tg->ntasks == 0)
        exit_finish(tg->exit);
    ac_decref(t);
}

ac_task *ac_task_group_create_task(ac_task_group *tg, ac_coro *c,
                                   const char *name)
{
    const char *refused = !tg->entered                 ? "has not been entered"
                          : tg->exiting && !tg->ntasks ? "is finished"
                          : tg->aborting               ? "is shutting down"
                                                       : NULL;
    if (refused || tg->ntasks == tg->captasks) {
        size_t cap = tg->captasks ? tg->captasks * 2 : 8;
        child *grown = refused ? NULL : realloc(tg->tasks, cap * sizeof *grown);
        if (grown == NULL) {
            if (c)
                ac_coro_close(c); /* as 3.12: never "never awaited" */
            ac_decref(c);
            return refused ? (tg_error(tg, refused), NULL)
                           : (ac_err_format(&ac_MemoryError, NULL), NULL);
        }
        tg->tasks = grown;
        tg->captasks = cap;
    }
    ac_task *t = ac_loop_create_task(tg->loop, c, name);
    if (t == NULL)
        return NULL;
    ac_handle *watch = ac__future_watch(&t->fut, on_task_done, tg);
    if (watch == NULL) {
        ac_task_cancel(t, NULL);
        ac_decref(t);
        return NULL;
    }
    tg->tasks[tg->ntasks++] = (child){t, watch};
    return t;
}

/* ---- enter, the object ------------------------------------------------ */

static ac_coro *tg_aenter(void *self)
{
    ac_task_group *tg = self;
    ac_loop *loop = ac__running_loop();
    ac_task *parent = loop ? loop->current_task : NULL;
    if (tg->entered)
        tg_error(tg, "has already been entered");
    else if (loop == NULL)
        ac_err_format(&ac_RuntimeError, "no running event loop");
    else if (parent == NULL)
        tg_error(tg, "cannot determine the parent task");
    ac_future *done = ac_err_occurred() ? NULL : ac_future_new(loop, sizeof tg);
    if (done == NULL) {
        ac_decref(tg); /* the block's reference: no aexit will come */
        return NULL;
    }
    tg->loop = loop;
    ac_incref(parent);
    tg->parent = parent;
    tg->entered = true;
    ac_future_set_result(done, &tg);
    return (ac_coro *)done;
}

static void tg_dealloc(ac_object *self)
{
    ac_task_group *tg = (ac_task_group *)self;
    while (tg->ntasks > 0) /* orphans: they run on, unwatched */
        forget_child(tg, tg->ntasks - 1);
    for (size_t i = 0; i < tg->nerrors; i++)
        ac_decref(tg->errors[i]);
    free(tg->errors);
    free(tg->tasks);
    ac_decref(tg->base_error);
    ac_decref(tg->parent);
    free(tg);
}

static const ac_objtype tg_type = {.acm = {tg_aenter, tg_aexit},
                                   .name = "TaskGroup",
                                   .kind = AC_OBJ_OTHER,
                                   .dealloc = tg_dealloc};

ac_task_group *ac_task_group_new(void)
{
    ac_task_group *tg = ac__zalloc(sizeof *tg);
    if (tg == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&tg->ob, &tg_type);
    return tg;
}
