/* asyncc/sync.h - Synchronisation on one loop: locks, events, semaphores,
 * conditions and queues (asyncio.Lock, ..., asyncio.Queue). Included by
 * asyncc.h (include that, not this).
 *
 * Each primitive is a handle (ac_decref it when done).  The functions
 * returning void * return a coroutine to await: ac_lock_acquire,
 * ac_semaphore_acquire, ac_event_wait, ac_condition_wait and
 * ac_condition_wait_for give bool true (the predicate's value for
 * wait_for), ac_queue_get gives the item (its size must be the
 * destination's: `struct job j = await ac_queue_get(q);`), ac_queue_put
 * and ac_queue_join give nothing.  Functions that can fail as Python
 * raises return 0, or -1 with the exception for ac_err_fetch(); a
 * constructor returns NULL.  Locks, semaphores and conditions are async
 * context managers: `async with (lock) { ... }`. */
#ifndef ASYNCC_SYNC_H
#define ASYNCC_SYNC_H

typedef struct ac_lock ac_lock;
typedef struct ac_event ac_event;
typedef struct ac_semaphore ac_semaphore;
typedef struct ac_condition ac_condition;
typedef struct ac_queue ac_queue;

/* asyncio.Lock: FIFO; release of an unlocked lock is a RuntimeError. */
ac_lock *ac_lock_new(void); /* (acm) acquire / release */
void *ac_lock_acquire(ac_lock *lock);
int ac_lock_release(ac_lock *lock);
bool ac_lock_locked(ac_lock *lock);

/* asyncio.Event. */
ac_event *ac_event_new(void);
void *ac_event_wait(ac_event *ev);
void ac_event_set(ac_event *ev);
void ac_event_clear(ac_event *ev);
bool ac_event_is_set(ac_event *ev);

/* asyncio.Semaphore and BoundedSemaphore (value < 0: ValueError). */
ac_semaphore *ac_semaphore_new(int value);         /* (acm) */
ac_semaphore *ac_bounded_semaphore_new(int value); /* (acm) */
void *ac_semaphore_acquire(ac_semaphore *sem);
int ac_semaphore_release(ac_semaphore *sem);
bool ac_semaphore_locked(ac_semaphore *sem);

/* asyncio.Condition on lock (NULL: a lock of its own); (acm) on its lock. */
ac_condition *ac_condition_new(ac_lock *lock);
void *ac_condition_wait(ac_condition *cond);
void *ac_condition_wait_for(ac_condition *cond, bool (*pred)(void *),
                            void *arg);
int ac_condition_notify(ac_condition *cond, int n);
int ac_condition_notify_all(ac_condition *cond);
/* The condition's lock (borrowed): to acquire, release, test it. */
ac_lock *ac_condition_lock(ac_condition *cond);

/* asyncio.Queue, LifoQueue and PriorityQueue (cmp as qsort's: the least
 * item comes out first) of items of item_size bytes, copied in when put.
 * maxsize 0: unbounded.  A NULL item puts one of zeroes; a NULL out of
 * get_nowait drops the item. */
ac_queue *ac_queue_new(size_t item_size, size_t maxsize);
ac_queue *ac_lifo_queue_new(size_t item_size, size_t maxsize);
ac_queue *ac_priority_queue_new(size_t item_size, size_t maxsize,
                                int (*cmp)(const void *, const void *));
void *ac_queue_put(ac_queue *q, const void *item);
int ac_queue_put_nowait(ac_queue *q, const void *item); /* QueueFull */
void *ac_queue_get(ac_queue *q);
int ac_queue_get_nowait(ac_queue *q, void *out); /* QueueEmpty */
int ac_queue_task_done(ac_queue *q);
void *ac_queue_join(ac_queue *q);
size_t ac_queue_qsize(ac_queue *q);
bool ac_queue_empty(ac_queue *q);
bool ac_queue_full(ac_queue *q);

/* asyncio.QueueEmpty and asyncio.QueueFull (Exception). */
AC_DECLARE_EXC_TYPE(ac_QueueEmpty);
AC_DECLARE_EXC_TYPE(ac_QueueFull);

#endif /* ASYNCC_SYNC_H */
