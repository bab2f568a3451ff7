/* agen_shutdown.c - the event loop's side of async generators (asyncio's
 * _asyncgen_firstiter_hook, _asyncgen_finalizer_hook and
 * shutdown_asyncgens in Lib/asyncio/base_events.py).
 *
 * While a loop runs, its hooks are the thread's (ac_loop_run_forever swaps
 * them in and back).  firstiter adds the generator to the loop's set of
 * live generators, a weak set: a generator leaves it when it is freed.  The
 * finalizer takes an unfinished generator out of the set and schedules
 * aclose() as a task (call_soon_threadsafe, as asyncio); the loop remembers
 * nothing else: as asyncio's, such a task is only the loop's while it is
 * pending, and when it is released its failure is "Task exception was never
 * retrieved" (task.c); its generator goes with it, never resumed again (it
 * was finalized once, as CPython's, PEP 442).  ac_loop_shutdown_asyncgens
 * runs a coroutine on the loop that closes every generator still in the
 * set, concurrently, and waits for the finalizer's tasks still pending too,
 * so that every generator the loop finalized or shut down is done with when
 * it returns (and so before ac_run returns). */
#include <stdlib.h>

#include "core/vec.h"
#include "gen/agen.h"
#include "gen/frame.h"
#include "loop/future.h"
#include "io/sock_coro.h"

/* An aclose() task and its generator (both owned). */
typedef struct closing_task {
    ac_task *task;
    ac_frame *ag;
    bool finalizers; /* the finalizer's task: its failure is not reported */
} closing_task;

typedef struct agen_set {
    ac_frame **live; /* tracked, not owned */
    size_t nlive, live_cap;
} agen_set;

static agen_set *set_of(ac_loop *loop)
{
    if (loop->asyncgens == NULL)
        loop->asyncgens = ac__zalloc(sizeof(agen_set));
    if (loop->asyncgens == NULL)
        ac__no_memory();
    return loop->asyncgens;
}

/* items (of size each, *cap of them) with room for n + 1: items itself,
 * or a larger copy; NULL with MemoryError (items unchanged). */
static void *room_for_one_more(void *items, size_t n, size_t *cap, size_t size)
{
    void *room = ac__vec_room(items, n, cap, size, 8);
    if (room == NULL)
        ac__no_memory();
    return room;
}

/* ------------------------------------------------------------------ */
/* The weak set of live generators                                      */
/* ------------------------------------------------------------------ */

static void track(ac_loop *loop, ac_frame *ag, ac__agen_ext *ext)
{
    agen_set *set = set_of(loop);
    ac_frame **live = set ? room_for_one_more(set->live, set->nlive,
                                              &set->live_cap, sizeof *live)
                          : NULL;
    if (live == NULL) {
        ac_err_write_unraisable(ac_err_fetch(), "the loop's firstiter hook");
        return;
    }
    set->live = live;
    ext->loop = loop;
    ext->loop_index = set->nlive;
    set->live[set->nlive++] = ag;
}

void ac__loop_agen_untrack(ac_frame *ag, ac__agen_ext *ext)
{
    if (ext->loop == NULL)
        return;
    agen_set *set = ext->loop->asyncgens;
    size_t i = ext->loop_index;
    ac_frame *last = set->live[--set->nlive];
    set->live[i] = last;
    if (last != ag)
        ac__agen_ext_of(last)->loop_index = i;
    ext->loop = NULL;
}

void ac__loop_agen_firstiter(ac_agen *agen)
{
    ac_frame *ag = (ac_frame *)agen;
    ac_loop *loop = ac__running_loop();
    ac__agen_ext *ext = ac__agen_ext_of(ag);
    /* asyncio warns (a ResourceWarning, ignored by default) when
     * shutdown_asyncgens was called already, and tracks it all the same. */
    if (loop != NULL && ext != NULL && ext->loop == NULL)
        track(loop, ag, ext);
}

/* ------------------------------------------------------------------ */
/* The finalizer: aclose() in a task                                    */
/* ------------------------------------------------------------------ */

/* asyncio's call_exception_handler for a generator aclose() failed on. */
static void report(ac_frame *ag, ac_exc *e)
{
    fflush(stdout);
    fprintf(stderr,
            "an error occurred during closing of asynchronous generator "
            "<async_generator object %s at %p>\n"
            "asyncgen: <async_generator object %s at %p>\n",
            ag->code->name, (void *)ag, ag->code->name, (void *)ag);
    ac_exc_print(e, stderr);
    fflush(stderr);
}

/* Runs on the loop: asyncio's `self.create_task(agen.aclose())`. */
static void start_closing(void *arg)
{
    ac_frame *op = arg; /* the handle holds a reference */
    ac_loop *loop = ac__running_loop();
    ac_incref(op);
    ac_task *t = ac_loop_create_task(loop, (ac_coro *)op, NULL);
    if (t == NULL) {
        ac_err_write_unraisable(ac_err_fetch(), "the loop's finalizer hook");
        return;
    }
    ac_decref(t); /* the loop's while pending, as asyncio's */
}

/* call_soon_threadsafe(cb, obj), the handle holding obj (taken): from the
 * loop's own thread that is call_soon, in the ready queue's FIFO order, as
 * asyncio's. */
static int schedule(ac_loop *loop, void (*cb)(void *), void *obj)
{
    if (ac__running_loop() != loop) {
        if (ac__call_soon_threadsafe_hold(loop, cb, obj, obj) != NULL)
            return 0;
        ac_decref(obj);
        return -1;
    }
    ac_handle *h = ac__handle_new(AC__H_PLAIN, (void *)cb, obj, obj);
    if (h == NULL) {
        ac_decref(obj);
        return -1;
    }
    ac__loop_ready(loop, &h->l);
    ac__handle_release(h);
    return 0;
}

void ac__loop_agen_finalizer(ac_agen *agen)
{
    ac_frame *ag = (ac_frame *)agen;
    ac__agen_ext *ext = ac__agen_ext_of(ag);
    ac_loop *loop = ext && ext->loop ? ext->loop : ac__running_loop();
    if (ext != NULL)
        ac__loop_agen_untrack(ag, ext);
    if (loop == NULL) /* asyncio: nothing once the loop is closed */
        return;
    void *op = ac_aclose(agen);
    if (op == NULL || schedule(loop, start_closing, op) < 0)
        ac_err_write_unraisable(ac_err_fetch(), "the loop's finalizer hook");
}

/* ------------------------------------------------------------------ */
/* shutdown_asyncgens                                                   */
/* ------------------------------------------------------------------ */

typedef struct shutdown_frame {
    ac_frame hdr;
    ac_loop *loop;
    closing_task *tasks; /* owned, each entry too */
    size_t n, next;
    void *aw; /* the task awaited now */
} shutdown_frame;

static bool collected(const shutdown_frame *fr, const ac_task *t)
{
    for (size_t i = 0; i < fr->n; i++)
        if (fr->tasks[i].task == t)
            return true;
    return false;
}

/* A pending task of the loop that runs an aclose() or athrow() (the
 * finalizer's) and is not waited for yet. */
static bool finalizers_task(const shutdown_frame *fr, const ac_task *t)
{
    return t->fut.state == AC__FUT_PENDING &&
           ac__agen_op_type_name(ac__task_coro(t)) != NULL && !collected(fr, t);
}

/* Takes every generator still in the set (each closed by an aclose()
 * task) and every finalizer task still pending into fr->tasks. */
static int collect(shutdown_frame *fr, agen_set *set)
{
    size_t more = set->nlive;
    ac_loop *loop = fr->loop;
    for (uint32_t i = loop->ntasks; i-- > 0;)
        more += finalizers_task(fr, loop->tasks[i]);
    if (more == 0)
        return 0;
    closing_task *all = realloc(fr->tasks, (fr->n + more) * sizeof *all);
    if (all == NULL)
        return ac__no_memory();
    fr->tasks = all;
    while (set->nlive > 0) {
        ac_frame *ag = set->live[set->nlive - 1];
        ac__loop_agen_untrack(ag, ac__agen_ext_of(ag));
        ac_incref(ag);
        void *op = ac_aclose((ac_agen *)ag);
        ac_task *t = op ? ac_loop_create_task(fr->loop, op, NULL) : NULL;
        if (t == NULL) {
            ac_decref(ag);
            return -1;
        }
        fr->tasks[fr->n++] = (closing_task){t, ag, false};
    }
    for (uint32_t i = loop->ntasks; i-- > 0;) {
        ac_task *t = loop->tasks[i];
        if (!finalizers_task(fr, t))
            continue;
        ac_frame *ag = ac__agen_op_generator(ac__task_coro(t));
        ac_incref(t);
        ac_incref(ag);
        fr->tasks[fr->n++] = (closing_task){t, ag, true};
    }
    return 0;
}

static int shutdown_resume(ac_frame *f)
{
    shutdown_frame *fr = (shutdown_frame *)f;
    agen_set *set = fr->loop->asyncgens;
    if (f->state == 1)
        goto awaited;
    if (collect(fr, set) < 0)
        return AC_RAISED;
    while (fr->next < fr->n) {
        fr->aw = fr->tasks[fr->next].task;
        ac_incref(fr->aw);
        int r = ac__io_await(f, &fr->aw, 1);
        if (r > 0)
            return r;
        if (r < 0) /* a task of this loop can always be awaited */
            return AC_RAISED;
    awaited:
        closing_task *c = &fr->tasks[fr->next];
        unsigned char log_exc = c->task->fut.log_exc;
        if (ac__await_result(f, &fr->aw, NULL, 0) < 0) {
            ac_exc *e = ac_err_fetch();
            if (!c->finalizers && ac_exc_matches(e, &ac_Exception))
                report(c->ag, e);
            ac_decref(e);
        }
        /* The finalizer's: not retrieved, so reported as the task goes
         * ("Task exception was never retrieved"), as asyncio's. */
        if (c->finalizers)
            c->task->fut.log_exc = log_exc;
        fr->next++;
        /* Finalizer tasks started meanwhile are waited for too. */
        if (fr->next == fr->n && collect(fr, set) < 0)
            return AC_RAISED;
    }
    return AC_RETURNED;
}

static void shutdown_drop(ac_frame *f)
{
    shutdown_frame *fr = (shutdown_frame *)f;
    for (size_t i = 0; i < fr->n; i++) {
        ac_decref(fr->tasks[i].task);
        ac_decref(fr->tasks[i].ag);
    }
    free(fr->tasks);
    fr->tasks = NULL;
    fr->n = 0;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

AC__CORO_CODE_VOID(shutdown_code, "shutdown_asyncgens", shutdown_frame,
                   shutdown_resume, shutdown_drop);

/* Runs the loop until done: not from inside it (asyncio's is a coroutine
 * to await; here ac_run calls it once main is done). */
int ac_loop_shutdown_asyncgens(ac_loop *loop)
{
    if (loop->running)
        return ac_err_format(&ac_RuntimeError,
                             "This event loop is already running");
    if (set_of(loop) == NULL)
        return -1;
    shutdown_frame *fr = (shutdown_frame *)ac__frame_new(&shutdown_code);
    if (fr == NULL)
        return -1;
    fr->loop = loop;
    return ac_loop_run_until_complete(loop, fr, NULL);
}

void ac__loop_agen_release(ac_loop *loop)
{
    agen_set *set = loop->asyncgens;
    if (set == NULL)
        return;
    while (set->nlive > 0) {
        ac_frame *ag = set->live[set->nlive - 1];
        ac__loop_agen_untrack(ag, ac__agen_ext_of(ag));
    }
    free(set->live);
    free(set);
    loop->asyncgens = NULL;
}
