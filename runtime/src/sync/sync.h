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

enum { AC__Q_FIFO, AC__Q_LIFO, AC__Q_PRIORITY };

struct ac_queue {
    ac_object ob;
    int kind;
    size_t item_size, maxsize;
    int (*cmp)(const void *, const void *);
    unsigned char *items;  /* cap items */
    size_t cap, head, len; /* head: FIFO's first item */
    unsigned char *tmp;    /* one item: the heap's moving item */
    ac__waiters getters, putters;
    size_t unfinished;
    ac_event *finished;
    ac_code get_code, put_code; /* frames sized for item_size */
};

#endif
