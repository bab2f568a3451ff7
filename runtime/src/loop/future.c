/* future.c - asyncio.Future: a result (copied in) or an exception, and
 * done callbacks that the loop runs through its ready queue. */
#include "loop/future.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const ac__futclass future_class = {
    .type = {.name = "Future",
             .kind = AC_OBJ_FUTURE,
             .dealloc = ac__future_dealloc,
             .await_start = ac__future_await_start,
             .await_result = ac__future_await_result}};

void ac__future_init(ac_future *f, const ac__futclass *cls, ac_loop *loop,
                     void *result, size_t result_size)
{
    ac__object_init(&f->ob, &cls->type);
    f->loop = loop;
    f->state = AC__FUT_PENDING;
    f->log_exc = 0;
    f->started = 0;
    f->is_task = 0;
    f->exc_retrieved = 0;
    f->must_cancel = 0;
    f->result_size = result_size;
    size_t at = result ? (size_t)((char *)result - (char *)f) : 0;
    assert(at <= UINT16_MAX);
    f->u.result_at = (uint16_t)at;
    f->outcome = NULL;
    f->cb_last = NULL;
}

void ac__future_set_exc(ac_future *f, ac_exc *e)
{
    void *old = f->outcome;
    f->outcome = e;
    if ((uintptr_t)old & 1)
        free((void *)((uintptr_t)old & ~(uintptr_t)1));
    else
        ac_decref(old);
}

void ac__future_set_msg(ac_future *f, const char *msg)
{
    char *copy = msg ? strdup(msg) : NULL;
    ac__future_set_exc(f, NULL);
    if (copy)
        f->outcome = (void *)((uintptr_t)copy | 1);
}

char *ac__future_take_msg(ac_future *f)
{
    char *msg = (char *)ac__future_msg(f);
    if (msg)
        f->outcome = NULL;
    return msg;
}

/* f's done callbacks as a NULL-terminated list, taken off f. */
static ac__link *take_callbacks(ac_future *f)
{
    ac__link *last = f->cb_last;
    if (last == NULL)
        return NULL;
    ac__link *first = last->next;
    last->next = NULL;
    f->cb_last = NULL;
    return first;
}

static void append_callback(ac_future *f, ac__link *l)
{
    ac__link *last = f->cb_last;
    l->next = last ? last->next : l;
    if (last)
        last->next = l;
    f->cb_last = l;
}

ac_future *ac_future_new(ac_loop *loop, size_t result_size)
{
    if (loop == NULL)
        loop = ac__running_loop();
    /* the result behind the future, at malloc's alignment */
    size_t at = (sizeof(ac_future) + 15) & ~(size_t)15;
    ac_future *f =
        result_size <= UINT32_MAX ? ac__zalloc(at + result_size) : NULL;
    if (f == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__future_init(f, &future_class, loop, (char *)f + at, result_size);
    return f;
}

void ac__future_fini(ac_future *f)
{
    ac__link *l = take_callbacks(f);
    while (l) {
        ac__link *next = l->next;
        l->next = NULL;
        ac__link_release(l);
        l = next;
    }
    ac__future_set_exc(f, NULL);
}

void ac__future_dealloc(ac_object *self)
{
    ac_future *f = (ac_future *)self;
    ac__future_report_unretrieved(f);
    ac__future_fini(f);
    free(f);
}

/* ---- callbacks -------------------------------------------------------- */

static void schedule_callbacks(ac_future *f)
{
    if (f->loop == NULL)
        return; /* run when the future is bound to a loop */
    ac__link *l = take_callbacks(f);
    while (l) {
        ac__link *next = l->next;
        ac__loop_ready(f->loop, l);
        ac__link_release(l); /* the list's reference */
        l = next;
    }
}

void ac__future_add_link(ac_future *f, ac__link *l)
{
    append_callback(f, l);
    if (f->state != AC__FUT_PENDING)
        schedule_callbacks(f);
}

size_t ac__future_remove_handles(ac_future *f, void *cb, void *arg)
{
    size_t removed = 0;
    ac__link *l = take_callbacks(f);
    while (l) {
        ac__link *next = l->next;
        if (ac__link_matches(l, cb, arg)) {
            l->next = NULL;
            ac__link_release(l);
            removed++;
        } else {
            append_callback(f, l);
        }
        l = next;
    }
    return removed;
}

ac_handle *ac__future_watch(ac_future *f, void (*cb)(ac_future *, void *),
                            void *arg)
{
    ac_handle *h = ac__handle_new(AC__H_FUTURE, (void *)cb, arg, &f->ob);
    if (h == NULL)
        return NULL;
    ac_incref(f);
    ac_incref(h); /* the caller's */
    ac__future_add_link(f, &h->l);
    return h;
}

void ac__future_unwatch(ac_future *f, ac_handle *h)
{
    if (h == NULL)
        return;
    ac__link *x = take_callbacks(f);
    while (x) {
        ac__link *next = x->next;
        if (x == &h->l) {
            x->next = NULL;
            ac_decref(h); /* the list's */
        } else {
            append_callback(f, x);
        }
        x = next;
    }
    ac_handle_cancel(h); /* queued already: it never runs */
    ac_decref(h);
}

void ac_future_add_done_callback(ac_future *f, void (*cb)(ac_future *, void *),
                                 void *arg)
{
    ac_handle *h = ac__handle_new(AC__H_FUTURE, (void *)cb, arg, &f->ob);
    if (h == NULL)
        return;
    ac_incref(f);
    ac__future_add_link(f, &h->l);
}

/* ---- completion ------------------------------------------------------- */

void ac__future_mark_done(ac_future *f, int state)
{
    f->state = (unsigned char)state;
    schedule_callbacks(f);
}

static bool check_pending(ac_future *f)
{
    if (f->state == AC__FUT_PENDING)
        return true;
    ac_err_format(&ac_InvalidStateError, "invalid state");
    return false;
}

bool ac__future_finish(ac_future *f, const void *value)
{
    if (!check_pending(f))
        return false;
    size_t size = ac__future_result_size(f);
    if (size > 0) {
        if (value)
            memcpy(ac__future_result(f), value, size);
        else
            memset(ac__future_result(f), 0, size);
    }
    ac__future_mark_done(f, AC__FUT_FINISHED);
    return true;
}

bool ac__future_fail(ac_future *f, ac_exc *exc)
{
    if (!check_pending(f)) {
        ac_decref(exc);
        return false;
    }
    ac__future_set_exc(f, exc);
    f->log_exc = !f->exc_retrieved;
    ac__future_mark_done(f, AC__FUT_FINISHED);
    return true;
}

bool ac__future_cancel_plain(ac_future *f, const char *msg)
{
    if (f->state != AC__FUT_PENDING)
        return false;
    ac__future_set_msg(f, msg);
    ac__future_mark_done(f, AC__FUT_CANCELLED);
    return true;
}

bool ac__future_cancel(ac_future *f, const char *msg)
{
    const ac__futclass *cls = ac__futclass_of(f);
    return cls->cancel ? cls->cancel(f, msg) : ac__future_cancel_plain(f, msg);
}

void ac_future_set_result(ac_future *f, const void *value)
{
    ac__future_finish(f, value);
}

void ac_future_set_exception(ac_future *f, ac_exc *exc)
{
    ac__future_fail(f, exc);
}

bool ac_future_cancel(ac_future *f)
{
    return ac__future_cancel(f, NULL);
}

bool ac_future_done(ac_future *f)
{
    return f->state != AC__FUT_PENDING;
}

bool ac_future_cancelled(ac_future *f)
{
    return f->state == AC__FUT_CANCELLED;
}

/* ---- the outcome ------------------------------------------------------ */

ac_exc *ac__future_cancelled_error(ac_future *f)
{
    ac_exc *e = ac__future_exc(f);
    if (e) { /* the one a task's coroutine raised: given once */
        f->outcome = NULL;
        return e;
    }
    const char *msg = ac__future_msg(f);
    return ac_exc_new(&ac_CancelledError, msg ? "%s" : NULL, msg);
}

static int own_result(ac_future *f, void *dst, size_t size)
{
    switch (f->state) {
    case AC__FUT_PENDING:
        return ac_err_format(&ac_InvalidStateError, "Result is not set.");
    case AC__FUT_CANCELLED:
        ac_err_set(ac__future_cancelled_error(f));
        return -1;
    }
    f->log_exc = 0;
    ac_exc *e = ac__future_exc(f);
    if (e) {
        ac_incref(e);
        ac_err_set(e);
        return -1;
    }
    if (dst == NULL)
        return 0;
    size_t have = ac__future_result_size(f);
    if (size != AC__ANY_SIZE && size != have)
        return ac_err_format(&ac_TypeError,
                             "await: a result of %zu bytes cannot go to a "
                             "destination of %zu bytes",
                             have, size);
    if (have > 0)
        memcpy(dst, ac__future_result(f), have);
    return 0;
}

int ac__future_get_result(ac_future *f, void *dst, size_t size)
{
    const ac__futclass *cls = ac__futclass_of(f);
    if (cls->get_result && f->state != AC__FUT_PENDING)
        return cls->get_result(f, dst, size);
    return own_result(f, dst, size);
}

int ac_future_result(ac_future *f, void *out)
{
    return ac__future_get_result(f, out, AC__ANY_SIZE);
}

/* ---- starting and awaiting ------------------------------------------- */

int ac__future_start(ac_future *f, ac_loop *loop)
{
    if (f->loop == NULL) {
        if (loop == NULL)
            return ac_err_format(&ac_RuntimeError, "no running event loop");
        f->loop = loop;
        schedule_callbacks(f);
    } else if (loop != NULL && f->loop != loop) {
        return ac_err_format(&ac_RuntimeError,
                             "%s is attached to a different loop",
                             f->ob.type->name);
    }
    if (f->started)
        return 0;
    f->started = 1;
    const ac__futclass *cls = ac__futclass_of(f);
    return cls->start ? cls->start(f) : 0;
}

int ac__future_await_start(ac_object *self, ac_frame *waiter)
{
    (void)waiter;
    ac_future *f = (ac_future *)self;
    if (ac__future_start(f, ac__running_loop()) < 0)
        return AC_RAISED;
    return f->state == AC__FUT_PENDING ? AC_YIELDED : AC_RETURNED;
}

int ac__future_await_result(ac_object *self, ac_frame *waiter, void *dst,
                            size_t size)
{
    ac_future *f = (ac_future *)self;
    if (waiter && waiter->how == AC_HOW_THROW) {
        /* Thrown in while waiting: a cancellation cancels f as well. */
        ac_exc *e = ac_err_occurred();
        if (e && ac_exc_matches(e, &ac_CancelledError))
            ac__future_cancel(f, NULL);
        return -1;
    }
    /* Resumed by hand before f was done (Future.__await__'s check). */
    if (f->state == AC__FUT_PENDING)
        return ac_err_format(&ac_RuntimeError, "await wasn't used with future");
    return ac__future_get_result(f, dst, size);
}

/* ---- ensure_future ---------------------------------------------------- */

ac_future *ac__ensure_future(ac_loop *loop, void *aw)
{
    if (aw == NULL)
        return NULL; /* its creation failed: the exception is set */
    if (ac__is_yield_once(aw)) {
        ac_future *f = ac__sleep_future(0);
        if (f != NULL && ac__future_start(f, loop) < 0) {
            ac_decref(f);
            return NULL;
        }
        return f;
    }
    if (ac__kind(aw) == AC_OBJ_CORO)
        return (ac_future *)ac_loop_create_task(loop, aw, NULL);
    if (ac__is_future(aw)) {
        if (ac__future_start(aw, loop) < 0) {
            ac_decref(aw);
            return NULL;
        }
        return aw;
    }
    ac_decref(aw);
    ac_err_format(&ac_TypeError,
                  "An asyncio.Future, a coroutine or an awaitable is required");
    return NULL;
}
