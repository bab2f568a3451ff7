/* semaphore.c - asyncio.Semaphore and BoundedSemaphore (3.11.1's fair
 * version): release hands a unit to the first waiter that is not done
 * (counted off at once); a waiter cancelled after that gives it back and
 * wakes the next. */
#include "sync/sync.h"

#include <stdlib.h>

typedef struct acquire_frame {
    ac_frame hdr;
    bool ac_result;
    ac_semaphore *sem;
    ac__waiter w;
    void *aw;
} acquire_frame;

static void acquire_drop(ac_frame *f)
{
    acquire_frame *fr = (acquire_frame *)f;
    ac__waiting_drop(&fr->aw, &fr->sem, fr->sem ? &fr->sem->waiters : NULL,
                     &fr->w);
}

static void wake_up_next(ac_semaphore *sem)
{
    for (ac__waiter *w = sem->waiters.head; w; w = w->next) {
        if (!ac__waiter_done(w)) {
            sem->value--;
            ac__waiter_wake(w);
            return;
        }
    }
}

bool ac_semaphore_locked(ac_semaphore *sem)
{
    if (sem->value == 0)
        return true;
    for (const ac__waiter *w = sem->waiters.head; w; w = w->next)
        if (!ac__waiter_cancelled(w))
            return true;
    return false;
}

static int acquire_resume(ac_frame *f)
{
    acquire_frame *fr = (acquire_frame *)f;
    ac_semaphore *sem = fr->sem;
    int r;
    if (f->state == 1)
        goto s1;
    if (!ac_semaphore_locked(sem)) {
        sem->value--;
        fr->ac_result = true;
        return AC_RETURNED;
    }
    if (ac__waiters_push(&sem->waiters, &fr->w) < 0)
        return AC_RAISED;
    fr->aw = ac__waiter_awaitable(&fr->w);
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    ac__waiters_remove(&sem->waiters, &fr->w);
    if (r < 0) {
        /* Woken (a unit counted off for us) but cancelled: give it on. */
        if (ac__err_is_cancelled() && !ac__waiter_cancelled(&fr->w)) {
            sem->value++;
            wake_up_next(sem);
        }
        return AC_RAISED;
    }
    if (sem->value > 0)
        wake_up_next(sem);
    fr->ac_result = true;
    return AC_RETURNED;
}

AC__CORO_CODE(acquire_code, "acquire", acquire_frame, acquire_resume,
              acquire_drop);

void *ac_semaphore_acquire(ac_semaphore *sem)
{
    acquire_frame *fr = (acquire_frame *)ac__frame_new(&acquire_code);
    if (fr == NULL)
        return NULL;
    ac_incref(sem);
    fr->sem = sem;
    return fr;
}

int ac_semaphore_release(ac_semaphore *sem)
{
    if (sem->bound >= 0 && sem->value >= sem->bound)
        return ac_err_format(&ac_ValueError,
                             "BoundedSemaphore released too many times");
    sem->value++;
    wake_up_next(sem);
    return 0;
}

/* ---- the handle ------------------------------------------------------ */

static ac_coro *sem_aenter(void *self)
{
    return ac_semaphore_acquire(self);
}

static int release_void(void *self)
{
    return ac_semaphore_release(self);
}

static ac_coro *sem_aexit(void *self, ac_exc *exc)
{
    (void)exc;
    return ac__sync_call_coro(release_void, self);
}

static void sem_dealloc(ac_object *self)
{
    free(self);
}

static const ac_objtype semaphore_type = {.acm = {sem_aenter, sem_aexit},
                                          .name = "Semaphore",
                                          .kind = AC_OBJ_OTHER,
                                          .dealloc = sem_dealloc};
static const ac_objtype bounded_type = {.acm = {sem_aenter, sem_aexit},
                                        .name = "BoundedSemaphore",
                                        .kind = AC_OBJ_OTHER,
                                        .dealloc = sem_dealloc};

static ac_semaphore *new_semaphore(const ac_objtype *type, int value, int bound)
{
    if (value < 0) {
        ac_err_format(&ac_ValueError, "Semaphore initial value must be >= 0");
        return NULL;
    }
    ac_semaphore *sem = ac__zalloc(sizeof *sem);
    if (sem == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&sem->ob, type);
    sem->value = value;
    sem->bound = bound;
    return sem;
}

ac_semaphore *ac_semaphore_new(int value)
{
    return new_semaphore(&semaphore_type, value, -1);
}

ac_semaphore *ac_bounded_semaphore_new(int value)
{
    return new_semaphore(&bounded_type, value, value);
}
