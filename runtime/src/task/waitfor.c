/* waitfor.c - asyncio.wait_for: the outcome of an awaitable, or on timeout
 * the awaitable cancelled (its finally blocks run: this completes only once
 * it is done) and TimeoutError raised from its CancelledError. */
#include "core/exc.h"
#include "core/exc_info.h"
#include "core/slab.h"
#include "loop/future.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct wait_for_future {
    ac_future fut;
    void *aw;         /* as given, until started (owned) */
    ac_future *inner; /* once started (owned) */
    ac_handle *watch; /* inner_done on inner (owned) */
    double timeout;
    ac__timer timer; /* embedded */
    bool timed_out, cancel_requested;
} wait_for_future;

static void inner_done(ac_future *inner, void *arg)
{
    (void)inner;
    wait_for_future *w = arg;
    if (w->fut.state != AC__FUT_PENDING)
        return;
    ac__timer_disarm(&w->timer);
    ac__future_mark_done(&w->fut, AC__FUT_FINISHED);
}

static void time_out(void *arg)
{
    wait_for_future *w = arg;
    w->timed_out = true;
    ac__future_cancel(w->inner, NULL);
}

static int wait_for_start(ac_future *f)
{
    wait_for_future *w = (wait_for_future *)f;
    void *aw = w->aw;
    w->aw = NULL;
    w->inner = ac__ensure_future(f->loop, aw);
    if (w->inner == NULL)
        return -1;
    if (w->inner->state != AC__FUT_PENDING) {
        ac__future_mark_done(f, AC__FUT_FINISHED);
        return 0;
    }
    w->watch = ac__future_watch(w->inner, inner_done, w);
    if (w->watch == NULL)
        return -1;
    if (w->timeout <= 0)
        time_out(w);
    else if (isfinite(w->timeout))
        ac__timer_arm(f->loop, &w->timer, ac_loop_time(f->loop) + w->timeout);
    return 0;
}

/* Cancelling the wait cancels the awaitable and completes once it is
 * done; awaiting then raises CancelledError. */
static bool wait_for_cancel(ac_future *f, const char *msg)
{
    wait_for_future *w = (wait_for_future *)f;
    if (f->state != AC__FUT_PENDING)
        return false;
    if (w->inner == NULL)
        return ac__future_cancel_plain(f, msg);
    ac__timer_disarm(&w->timer);
    w->cancel_requested = true;
    ac__future_set_msg(f, msg);
    ac__future_cancel(w->inner, NULL); /* as asyncio: no message inside */
    return true;
}

static int wait_for_result(ac_future *f, void *dst, size_t size)
{
    wait_for_future *w = (wait_for_future *)f;
    if (f->state == AC__FUT_CANCELLED || w->cancel_requested) {
        ac_err_set(ac_exc_new(&ac_CancelledError,
                              ac__future_msg(f) ? "%s" : NULL,
                              ac__future_msg(f)));
        return -1;
    }
    if (w->timed_out && w->inner->state == AC__FUT_CANCELLED) {
        ac_exc *cancelled = ac__future_cancelled_error(w->inner);
        /* raised in the awaiting frame, as fut.result() in asyncio's
         * wait_for: what it handles is the CancelledError's context */
        ac_exc *handled =
            ac__exc_top != NULL ? ac__exc_handled_below(ac__exc_top->f) : NULL;
        if (handled != NULL && ac_exc_context(cancelled) == NULL)
            ac_exc_set_context(cancelled, handled);
        ac_exc *e = ac_exc_new(&ac_TimeoutError, NULL);
        ac_exc_set_cause(e, cancelled);
        ac_exc_set_context(e, cancelled);
        e->context_fixed = true;
        ac_decref(cancelled);
        ac_err_set(e);
        return -1;
    }
    return ac__future_get_result(w->inner, dst, size);
}

static void wait_for_dealloc(ac_object *self)
{
    wait_for_future *w = (wait_for_future *)self;
    ac__timer_disarm(&w->timer);
    ac_decref(w->aw);
    if (w->inner) {
        ac__future_unwatch(w->inner, w->watch);
        ac_decref(w->inner);
    }
    ac__future_fini(&w->fut);
    ac__slab_free(w, sizeof *w);
}

static const ac__futclass wait_for_class = {
    .type = {.name = "wait_for",
             .kind = AC_OBJ_FUTURE,
             .dealloc = wait_for_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result},
    .start = wait_for_start,
    .cancel = wait_for_cancel,
    .get_result = wait_for_result};

/* Takes aw.  A timeout of INFINITY waits without limit (Python's None). */
void *ac_wait_for(void *aw, double timeout)
{
    if (aw == NULL)
        return NULL;
    wait_for_future *w = ac__slab_zalloc(sizeof *w);
    if (w == NULL) {
        ac_decref(aw);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(&w->fut, &wait_for_class, ac__running_loop(), NULL, 0);
    w->aw = aw;
    w->timeout = isnan(timeout) ? 0 : timeout;
    ac__timer_init_embedded(&w->timer, time_out, w);
    return w;
}
