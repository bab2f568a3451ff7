/* as_completed.c - asyncio.as_completed as an async generator written by
 * hand (the way the translator writes one, see io/sock_coro.h): it yields
 * each task as it finishes, in the order their done callbacks run, and
 * raises TimeoutError once the timeout has passed with tasks left.  The
 * timeout starts at the first iteration, as the body of asyncio's
 * generator function does.  The tasks must be distinct. */
#include <math.h>
#include <stdlib.h>

#include "io/sock_coro.h"
#include "loop/future.h"

typedef struct completions {
    size_t n;
    ac_task **tasks;   /* owned */
    ac_handle **watch; /* on_completion on each (owned), NULL once off */
    ac_task **done;    /* borrowed from tasks: the queue, in order */
    size_t head, tail; /* queue indexes */
    ac_future *waiter; /* what the generator awaits when empty (owned) */
    ac__timer timer;   /* embedded */
    double timeout;
    bool timed_out;
} completions;

typedef struct as_completed_frame {
    ac_gen_frame hdr; /* an async generator's */
    completions *c;   /* owned */
    void *aw;       /* the await slot */
} as_completed_frame;

static void wake(completions *c)
{
    if (c->waiter && !ac_future_done(c->waiter))
        ac_future_set_result(c->waiter, NULL);
}

static void on_completion(ac_future *f, void *arg)
{
    completions *c = arg;
    if (c->timed_out)
        return;
    c->done[c->tail++] = (ac_task *)f;
    if (c->tail == c->n)
        ac__timer_disarm(&c->timer);
    wake(c);
}

static void unwatch_all(completions *c)
{
    for (size_t i = 0; i < c->n; i++) {
        ac__future_unwatch(&c->tasks[i]->fut, c->watch[i]);
        c->watch[i] = NULL;
    }
}

static void on_timeout(void *arg)
{
    completions *c = arg;
    c->timed_out = true;
    unwatch_all(c);
    wake(c);
}

static int start(completions *c)
{
    for (size_t i = 0; i < c->n; i++) {
        c->watch[i] = ac__future_watch(&c->tasks[i]->fut, on_completion, c);
        if (c->watch[i] == NULL)
            return -1;
    }
    ac_loop *loop = ac__running_loop();
    if (c->n > 0 && isfinite(c->timeout) && loop != NULL)
        ac__timer_arm(loop, &c->timer, ac_loop_time(loop) + c->timeout);
    return 0;
}

static void completions_free(completions *c)
{
    if (c == NULL)
        return;
    ac__timer_disarm(&c->timer);
    unwatch_all(c);
    for (size_t i = 0; i < c->n; i++)
        ac_decref(c->tasks[i]);
    ac_decref(c->waiter);
    free(c->tasks);
    free(c->watch);
    free(c->done);
    free(c);
}

static void as_completed_drop(ac_frame *f)
{
    as_completed_frame *fr = (as_completed_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    completions_free(fr->c);
    fr->c = NULL;
}

static int fail(ac_frame *f)
{
    ac__raise(f, f->code->line, NULL);
    return AC_RAISED;
}

static int as_completed_resume(ac_frame *f)
{
    as_completed_frame *fr = (as_completed_frame *)f;
    completions *c = fr->c;
    int r;
    switch (f->state) {
    case 1:
        goto resumed_await;
    case 2:
        goto resumed_yield;
    }
    if (f->how == AC_HOW_THROW || start(c) < 0)
        return fail(f);
    for (;;) {
        while (c->head == c->tail) {
            if (c->head == c->n)
                return AC_RETURNED;
            if (c->timed_out) {
                ac_err_set(ac_exc_new(&ac_TimeoutError, NULL));
                return fail(f);
            }
            ac_decref(c->waiter);
            c->waiter = ac_future_new(NULL, 0);
            ac_incref(c->waiter);
            fr->aw = c->waiter;
            r = ac__io_await(f, &fr->aw, 1);
            if (r > 0)
                return r;
            if (r < 0)
                return fail(f);
        resumed_await:
            if (ac__await_result(f, &fr->aw, NULL, 0) < 0)
                return fail(f);
        }
        ac_task *t = c->done[c->head++];
        if (ac__gf(f)->out)
            *(ac_task **)ac__gf(f)->out = t;
        f->state = 2;
        return AC_AGEN_YIELDED;
    resumed_yield:
        if (f->how == AC_HOW_THROW)
            return fail(f);
    }
}

static const ac_code as_completed_code = {.name = "as_completed",
                                          .file = __FILE__,
                                          .line = __LINE__,
                                          .kind = AC_KIND_AGEN,
                                          .frame_size =
                                              sizeof(as_completed_frame),
                                          .yield_size = sizeof(ac_task *),
                                          .resume = as_completed_resume,
                                          .drop = as_completed_drop};

/* Borrows the tasks (keeps its own references while it lives). */
ac_agen *ac_as_completed(ac_task *const *ts, size_t n, double timeout)
{
    completions *c = ac__zalloc(sizeof *c);
    size_t room = n ? n : 1;
    if (c != NULL) {
        ac__timer_init_embedded(&c->timer, on_timeout, c);
        c->tasks = calloc(room, sizeof *c->tasks);
        c->watch = calloc(room, sizeof *c->watch);
        c->done = calloc(room, sizeof *c->done);
    }
    as_completed_frame *fr =
        c && c->tasks && c->watch && c->done
            ? (as_completed_frame *)ac__frame_new(&as_completed_code)
            : NULL;
    if (fr == NULL) {
        completions_free(c);
        if (!ac_err_occurred())
            ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        c->tasks[i] = ts[i];
        ac_incref(ts[i]);
    }
    c->n = n;
    c->timeout = isnan(timeout) ? 0 : timeout;
    fr->c = c;
    return (ac_agen *)fr;
}
