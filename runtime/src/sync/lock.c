/* lock.c - asyncio.Lock: FIFO.  A release hands the lock to the first
 * waiter by completing its future; the waiter takes it when it runs.  A
 * waiter cancelled in between (woken, not yet run) wakes the next. */
#include "sync/sync.h"

#include <stdlib.h>

typedef struct acquire_frame {
    ac_frame hdr;
    bool ac_result;
    ac_lock *lock;
    ac__waiter w;
    void *aw;
} acquire_frame;

static void acquire_drop(ac_frame *f)
{
    acquire_frame *fr = (acquire_frame *)f;
    ac__waiting_drop(&fr->aw, &fr->lock, fr->lock ? &fr->lock->waiters : NULL,
                     &fr->w);
}

static bool all_cancelled(const ac__waiters *l)
{
    for (const ac__waiter *w = l->head; w; w = w->next)
        if (!ac__waiter_cancelled(w))
            return false;
    return true;
}

static void wake_up_first(ac_lock *lock)
{
    if (lock->waiters.head)
        ac__waiter_wake(lock->waiters.head);
}

static int acquire_resume(ac_frame *f)
{
    acquire_frame *fr = (acquire_frame *)f;
    ac_lock *lock = fr->lock;
    int r;
    if (f->state == 1)
        goto s1;
    if (!lock->locked && all_cancelled(&lock->waiters))
        goto acquired;
    if (ac__waiters_push(&lock->waiters, &fr->w) < 0)
        return AC_RAISED;
    fr->aw = ac__waiter_awaitable(&fr->w);
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    ac__waiters_remove(&lock->waiters, &fr->w);
    if (r < 0) {
        if (ac__err_is_cancelled() && !lock->locked)
            wake_up_first(lock);
        return AC_RAISED;
    }
acquired:
    lock->locked = true;
    fr->ac_result = true;
    return AC_RETURNED;
}

AC__CORO_CODE(acquire_code, "acquire", acquire_frame, acquire_resume,
              acquire_drop);

void *ac_lock_acquire(ac_lock *lock)
{
    acquire_frame *fr = (acquire_frame *)ac__frame_new(&acquire_code);
    if (fr == NULL)
        return NULL;
    ac_incref(lock);
    fr->lock = lock;
    return fr;
}

int ac_lock_release(ac_lock *lock)
{
    if (!lock->locked)
        return ac_err_format(&ac_RuntimeError, "Lock is not acquired.");
    lock->locked = false;
    wake_up_first(lock);
    return 0;
}

bool ac_lock_locked(ac_lock *lock)
{
    return lock->locked;
}

/* ---- the handle ------------------------------------------------------ */

static ac_coro *lock_aenter(void *self)
{
    return ac_lock_acquire(self);
}

static int release_void(void *self)
{
    return ac_lock_release(self);
}

static ac_coro *lock_aexit(void *self, ac_exc *exc)
{
    (void)exc;
    return ac__sync_call_coro(release_void, self);
}

static void lock_dealloc(ac_object *self)
{
    free(self); /* waiting frames hold a reference: none is left */
}

static const ac_objtype lock_type = {.acm = {lock_aenter, lock_aexit},
                                     .name = "Lock",
                                     .kind = AC_OBJ_OTHER,
                                     .dealloc = lock_dealloc};

ac_lock *ac_lock_new(void)
{
    ac_lock *lock = ac__zalloc(sizeof *lock);
    if (lock == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&lock->ob, &lock_type);
    return lock;
}
