/* sync.h - runtime-internal: the synchronisation primitives' handles
 * (asyncio.Lock, Event, Semaphore, Condition, Queue). */
#ifndef AC_SYNC_SYNC_H
#define AC_SYNC_SYNC_H

#include "sync/waiters.h"

struct ac_lock {
    ac_object ob;
    bool locked;
    ac__waiters waiters;
};

struct ac_event {
    ac_object ob;
    bool value;
    ac__waiters waiters;
};

struct ac_semaphore {
    ac_object ob;
    int value;
    int bound; /* BoundedSemaphore's initial value; -1: unbounded */
    ac__waiters waiters;
};

struct ac_condition {
    ac_object ob;
    ac_lock *lock; /* owned */
    ac__waiters waiters;
};

#endif
