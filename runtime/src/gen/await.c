/* await.c - `await E` in generated code: start (link a coroutine into the
 * await chain, or ask a non-frame awaitable's type) and result (the child
 * frame's result or exception, or the type's await_result). */
#include "gen/frame.h"

#include "core/exc_info.h"
#include "loop/future.h"

/* The general paths, kept out of line so that sleep(0)'s short paths in
 * ac__await_start/ac__await_result do not pay their register saves. */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

/* CPython's GET_AWAITABLE and gen_send_ex checks, then the link. */
static int link_child(ac_frame *f, ac_frame *child)
{
    if (child->waiting != NULL || child->awaiter != NULL)
        return ac_err_format(&ac_RuntimeError,
                             "coroutine is being awaited already");
    if (child->status == AC_GEN_RUNNING)
        return ac_err_format(&ac_ValueError, "coroutine already executing");
    if (child->status == AC_GEN_CLOSED)
        return ac_err_format(&ac_RuntimeError,
                             "cannot reuse already awaited coroutine");
    child->awaiter = f;
    child->how = AC_HOW_SEND;
    f->waiting = child;
    return 0;
}

/* The awaitable's slot is released once the await is over, whichever way:
 * generated code need not release it after AC_RAISED. */
static void release(ac_frame *f, void **aw)
{
    void *a = *aw;
    f->waiting = NULL;
    *aw = NULL;
    ac_decref(a);
}

/* A future that is done, of the running loop, awaited as its type's
 * await_start would (ac__future_await_start: nothing to start, the result
 * ready now), without the calls: `await t` of a task that finished. */
static bool done_future(const ac_object *a)
{
    const ac_future *fu = (const ac_future *)a;
    return a->type->await_start == ac__future_await_start &&
           fu->state != AC__FUT_PENDING && fu->started && fu->loop != NULL &&
           fu->loop == ac__running_loop();
}

static OUT_OF_LINE int await_start_any(ac_frame *f, void **aw)
{
    ac_object *a = *aw;
    if (a == NULL) {
        if (ac_err_occurred() == NULL) /* else: the operand's call failed */
            ac_err_format(&ac_TypeError,
                          "object NoneType can't be used in 'await' "
                          "expression");
        return AC_RAISED;
    }
    if (a->type->kind == AC_OBJ_CORO) {
        if (link_child(f, (ac_frame *)a) == 0)
            return AC_AWAITING;
        release(f, aw);
        return AC_RAISED;
    }
    if (a->type->await_start == NULL) {
        ac_err_format(&ac_TypeError,
                      "object %s can't be used in 'await' expression",
                      a->type->name);
        release(f, aw);
        return AC_RAISED;
    }
    f->waiting = a;
    int r = a->type->await_start(a, f);
    if (r == AC_RAISED)
        release(f, aw);
    return r;
}

int ac__await_start(ac_frame *f, void **aw)
{
    ac_object *a = *aw;
    /* Consumed: a later ac__await_result must not see a stale throw. */
    f->how = AC_HOW_SEND;
    if (a != NULL && ac__is_yield_once(a)) {
        f->waiting = a; /* sleep(0): what its type's start does, inline */
        return AC_YIELDED;
    }
    if (a != NULL && done_future(a)) {
        f->waiting = a;
        return AC_RETURNED;
    }
    return await_start_any(f, aw);
}

static int child_result(ac_frame *f, ac_frame *child, void *dst, size_t size)
{
    if (child->awaiter == f)
        child->awaiter = NULL;
    if (f->how == AC_HOW_THROW) /* it raised: the exception is current */
        return -1;
    if (child->status != AC_GEN_CLOSED)
        return ac_err_format(&ac_RuntimeError,
                             "coroutine '%s' resumed before '%s' finished",
                             f->code->name, child->code->name);
    if (dst == NULL)
        return 0;
    if (size != child->code->result_size)
        return ac_err_format(&ac_TypeError,
                             "await: result of coroutine '%s' has size %zu, "
                             "destination has size %zu",
                             child->code->name, child->code->result_size, size);
    memcpy(dst, ac__frame_result(child), size);
    return 0;
}

/* A future's exception is raised anew in the frame awaiting it, as
 * CPython's future_get_result does (PyErr_SetObject): what is handled
 * there replaces its context. */
static void raised_anew(ac_frame *f)
{
    ac_exc *e = ac_err_occurred();
    if (e == NULL || e->immortal || e->context_fixed)
        return;
    ac_exc *handled = ac__exc_handled_below(f);
    if (handled != NULL && handled != e)
        ac_exc_set_context(e, handled);
    e->context_decided = true;
}

/* sleep(0)'s await_result, inline: an exception thrown in while f waited
 * stays AC_HOW_THROW for the raise site, as in ac__await_result; the
 * awaitable is immortal, so its slot is only cleared. */
static int yield_once_result(ac_frame *f, void **aw)
{
    f->flags &= (unsigned char)~AC__F_THROW_BACK;
    f->waiting = NULL;
    *aw = NULL;
    if (f->how == AC_HOW_THROW)
        return -1;
    return 0;
}

/* The result of a future that finished with one, read as its type's
 * await_result would (ac__future_await_result, ac__future_get_result):
 * nothing was thrown in, the future's own result, of the right size.
 * false: the general path. */
static bool finished_result(ac_frame *f, void **aw, void *dst, size_t size)
{
    ac_object *a = *aw;
    if (a == NULL || a->type->await_result != ac__future_await_result ||
        f->how != AC_HOW_SEND || (f->flags & AC__F_THROW_BACK))
        return false;
    ac_future *fu = (ac_future *)a;
    if (fu->state != AC__FUT_FINISHED || fu->outcome != NULL ||
        ac__futclass_of(fu)->get_result != NULL ||
        (dst != NULL && size != ac__future_result_size(fu)))
        return false;
    fu->log_exc = 0;
    if (dst != NULL && size > 0)
        memcpy(dst, ac__future_result(fu), size);
    release(f, aw);
    return true;
}

static OUT_OF_LINE int await_result_any(ac_frame *f, void **aw, void *dst,
                                        size_t size)
{
    ac_object *a = *aw;
    /* An exception thrown in while f waited on a future (a task's
     * cancellation thrown, coro.throw): f->how stays AC_HOW_THROW for the
     * raise site, which chains it as thrown (err.c).  From a coroutine
     * child, AC_HOW_THROW only says that the child raised. */
    bool thrown = f->how == AC_HOW_THROW && a != NULL &&
                  (a->type->kind != AC_OBJ_CORO ||
                   ((ac_frame *)a)->awaiter == f || /* close_chain's */
                   (f->flags & AC__F_THROW_BACK));
    f->flags &= (unsigned char)~AC__F_THROW_BACK;
    int rc;
    if (a == NULL)
        rc = ac_err_occurred()
                 ? -1
                 : ac_err_format(&ac_RuntimeError, "await: no awaitable");
    else if (a->type->kind == AC_OBJ_CORO)
        rc = child_result(f, (ac_frame *)a, dst, size);
    else
        rc = a->type->await_result(a, f, dst, size);
    if (rc < 0 && !thrown && a != NULL && a->type->kind != AC_OBJ_CORO)
        raised_anew(f);
    f->how = thrown && rc < 0 ? AC_HOW_THROW : AC_HOW_SEND;
    release(f, aw);
    return rc;
}

int ac__await_result(ac_frame *f, void **aw, void *dst, size_t size)
{
    ac_object *a = *aw;
    if (a != NULL && ac__is_yield_once(a))
        return yield_once_result(f, aw);
    if (finished_result(f, aw, dst, size))
        return 0;
    return await_result_any(f, aw, dst, size);
}
