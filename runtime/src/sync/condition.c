/* condition.c - asyncio.Condition (3.12's: a waiter that fails after it
 * was notified, cancelled say, notifies another in its place).  wait()
 * releases the lock, waits to be notified, and re-acquires the lock
 * whatever happens, even when cancelled meanwhile. */
#include "sync/sync.h"

#include <stdlib.h>

/* ---- wait ------------------------------------------------------------ */

typedef struct wait_frame {
    ac_frame hdr;
    bool ac_result;
    ac_condition *cond;
    ac__waiter w;
    void *aw;
    ac_exc *pending;   /* raised while waiting to be notified (owned) */
    ac_exc *cancelled; /* the last CancelledError re-acquiring (owned) */
} wait_frame;

static void wait_drop(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->pending);
    fr->pending = NULL;
    ac_decref(fr->cancelled);
    fr->cancelled = NULL;
    ac_condition *cond = fr->cond;
    if (cond == NULL)
        return;
    fr->cond = NULL;
    ac__waiter_drop(&cond->waiters, &fr->w);
    ac_decref(cond);
}

static void notify_some(ac_condition *cond, size_t n)
{
    size_t woken = 0;
    for (ac__waiter *w = cond->waiters.head; w && woken < n; w = w->next) {
        if (!ac__waiter_done(w)) {
            woken++;
            ac__future_finish(w->fut, NULL);
        }
    }
}

static int wait_resume(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac_condition *cond = fr->cond;
    int r;
    switch (f->state) {
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    if (!cond->lock->locked)
        return ac_err_format(&ac_RuntimeError,
                             "cannot wait on un-acquired lock");
    ac_lock_release(cond->lock);
    if (ac__waiters_push(&cond->waiters, &fr->w) < 0) {
        fr->pending = ac_err_fetch();
        goto reacquire;
    }
    fr->aw = ac__waiter_awaitable(&fr->w);
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    ac__waiters_remove(&cond->waiters, &fr->w);
    if (r < 0)
        fr->pending = ac_err_fetch();
reacquire:
    /* As `finally:` re-acquiring, retried while cancelled. */
    fr->aw = ac_lock_acquire(cond->lock);
    AC__AWAIT(f, &fr->aw, 2, NULL, 0, r);
    if (r < 0) {
        if (!ac__err_is_cancelled())
            goto failed; /* replaces what was pending */
        ac_decref(fr->cancelled);
        fr->cancelled = ac_err_fetch();
        goto reacquire;
    }
    if (fr->cancelled) {
        ac_err_set(fr->cancelled);
        fr->cancelled = NULL;
        goto failed;
    }
    if (fr->pending) {
        ac_err_set(fr->pending);
        fr->pending = NULL;
        goto failed;
    }
    fr->ac_result = true;
    return AC_RETURNED;
failed:
    /* It may have been notified: notify another in its place. */
    notify_some(cond, 1);
    ac_decref(fr->pending);
    fr->pending = NULL;
    return AC_RAISED;
}

AC__CORO_CODE(wait_code, "wait", wait_frame, wait_resume, wait_drop);

void *ac_condition_wait(ac_condition *cond)
{
    wait_frame *fr = (wait_frame *)ac__frame_new(&wait_code);
    if (fr == NULL)
        return NULL;
    ac_incref(cond);
    fr->cond = cond;
    return fr;
}

/* ---- wait_for -------------------------------------------------------- */

typedef struct wait_for_frame {
    ac_frame hdr;
    bool ac_result;
    ac_condition *cond;
    bool (*pred)(void *);
    void *arg;
    void *aw;
} wait_for_frame;

static void wait_for_drop(ac_frame *f)
{
    wait_for_frame *fr = (wait_for_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->cond);
    fr->cond = NULL;
}

static int wait_for_resume(ac_frame *f)
{
    wait_for_frame *fr = (wait_for_frame *)f;
    int r;
    if (f->state == 1)
        goto s1;
    while (!(fr->ac_result = fr->pred(fr->arg))) {
        fr->aw = ac_condition_wait(fr->cond);
        AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
        if (r < 0)
            return AC_RAISED;
    }
    return AC_RETURNED;
}

AC__CORO_CODE(wait_for_code, "wait_for", wait_for_frame, wait_for_resume,
              wait_for_drop);

void *ac_condition_wait_for(ac_condition *cond, bool (*pred)(void *), void *arg)
{
    wait_for_frame *fr = (wait_for_frame *)ac__frame_new(&wait_for_code);
    if (fr == NULL)
        return NULL;
    ac_incref(cond);
    fr->cond = cond;
    fr->pred = pred;
    fr->arg = arg;
    return fr;
}

/* ---- notify ---------------------------------------------------------- */

int ac_condition_notify(ac_condition *cond, int n)
{
    if (!cond->lock->locked)
        return ac_err_format(&ac_RuntimeError,
                             "cannot notify on un-acquired lock");
    if (n > 0)
        notify_some(cond, (size_t)n);
    return 0;
}

int ac_condition_notify_all(ac_condition *cond)
{
    if (!cond->lock->locked)
        return ac_err_format(&ac_RuntimeError,
                             "cannot notify on un-acquired lock");
    notify_some(cond, cond->waiters.len);
    return 0;
}

ac_lock *ac_condition_lock(ac_condition *cond)
{
    return cond->lock;
}

/* ---- the handle: a context manager on its lock ----------------------- */

static ac_coro *cond_aenter(void *self)
{
    return ac_lock_acquire(((ac_condition *)self)->lock);
}

static int release_void(void *self)
{
    return ac_lock_release(((ac_condition *)self)->lock);
}

static ac_coro *cond_aexit(void *self, ac_exc *exc)
{
    (void)exc;
    return ac__sync_call_coro(release_void, self);
}

static void cond_dealloc(ac_object *self)
{
    ac_condition *cond = (ac_condition *)self;
    ac_decref(cond->lock);
    free(cond);
}

static const ac_objtype condition_type = {.acm = {cond_aenter, cond_aexit},
                                          .name = "Condition",
                                          .kind = AC_OBJ_OTHER,
                                          .dealloc = cond_dealloc};

ac_condition *ac_condition_new(ac_lock *lock)
{
    ac_condition *cond = ac__zalloc(sizeof *cond);
    if (cond == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    if (lock == NULL) {
        lock = ac_lock_new();
        if (lock == NULL) {
            free(cond);
            return NULL;
        }
    } else {
        ac_incref(lock);
    }
    ac__object_init(&cond->ob, &condition_type);
    cond->lock = lock;
    return cond;
}
