/* waiters.h - runtime-internal: the waiting lists of the synchronisation
 * primitives (asyncio's deques of futures), and the coroutines their
 * context managers return.
 *
 * A coroutine that must wait embeds an ac__waiter in its frame and links
 * it into the primitive's list; the waiter's future is what it awaits.
 * Unlinking is O(1) and idempotent, so "remove it if it is still there"
 * (asyncio's `finally: waiters.remove(fut)`, `except ValueError: pass`)
 * is one call. */
#ifndef AC_SYNC_WAITERS_H
#define AC_SYNC_WAITERS_H

#include "gen/frame.h"
#include "io/sock_coro.h"
#include "loop/future.h"

typedef struct ac__waiter {
    struct ac__waiter *prev, *next;
    ac_future *fut; /* owned; NULL before the first push */
    bool linked;
} ac__waiter;

typedef struct ac__waiters {
    ac__waiter *head, *tail;
    size_t len;
} ac__waiters;

/* Appends w with a new pending future of the running loop (the previous
 * one, if any, is released).  0, or -1 with the exception set. */
int ac__waiters_push(ac__waiters *l, ac__waiter *w);
/* Unlinks w if it is linked. */
void ac__waiters_remove(ac__waiters *l, ac__waiter *w);
/* Unlinks and releases w's future (a frame's drop). */
void ac__waiter_drop(ac__waiters *l, ac__waiter *w);
/* A waiting frame's drop: releases its await slot *aw, then, when it
 * still holds its primitive *owner, leaves the primitive's list l and
 * releases the primitive (last: l and the frame's code may live in it). */
void ac__waiting_drop(void **aw, void *owner_slot, ac__waiters *l,
                      ac__waiter *w);

static inline bool ac__waiter_done(const ac__waiter *w)
{
    return w->fut->state != AC__FUT_PENDING;
}
static inline bool ac__waiter_cancelled(const ac__waiter *w)
{
    return w->fut->state == AC__FUT_CANCELLED;
}
/* Completes w's future (no-op when done). */
static inline void ac__waiter_wake(ac__waiter *w)
{
    if (!ac__waiter_done(w))
        ac__future_finish(w->fut, NULL);
}

/* The future to put in a frame's await slot (a new reference). */
static inline void *ac__waiter_awaitable(ac__waiter *w)
{
    ac_incref(w->fut);
    return w->fut;
}

/* True when the current exception is a CancelledError. */
bool ac__err_is_cancelled(void);

/* A coroutine that calls fn(obj) and returns false (an aexit that
 * releases), raising if fn returns -1.  Holds a reference to obj. */
ac_coro *ac__sync_call_coro(int (*fn)(void *), void *obj);

#endif
