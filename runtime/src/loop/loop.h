/* loop.h - runtime-internal: the event loop's state and the parts of it
 * that futures, tasks, timers and I/O (streams included) build on.
 *
 * A loop is one thread's: its ready queue, timer heap, fd table and
 * pending-task list are touched by that thread only.  The one exception is
 * the thread-safe queue (call_soon_threadsafe), guarded by a mutex and
 * paired with a wakeup fd that interrupts the poller. */
#ifndef AC_LOOP_H
#define AC_LOOP_H

#include "core/object.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* How a handle's callback is called. */
enum {
    AC__H_PLAIN,  /* cb.plain(arg) */
    AC__H_FUTURE, /* cb.fut((ac_future *)hold, arg): a future's done callback */
    AC__H_TASK,   /* cb.task((ac_task *)hold, arg): a task's done callback */
    AC__H_STEP    /* a task's step: a link alone, embedded in the task */
};

/* What the ready queue and a future's callback list link: a handle's
 * head, or a task's step alone (AC__H_STEP, embedded in the task: its
 * callback is ac__task_step, its argument the task around it), 16 bytes
 * in each of a million suspended tasks (issue 12).  Every other kind is
 * the `l` of a handle (ac__handle_of). */
typedef struct ac__link ac__link;
struct ac__link {
    ac__link *next; /* in the ready queue or a callback list */
    unsigned char kind;
    unsigned char cancelled;
    unsigned char is_timer;
    unsigned char embedded; /* part of its owner; not counted */
    uint32_t owner_word;    /* the padding, its owner's: a task's number */
};

/* A scheduled callback (asyncio's Handle): an object, then the link, then
 * the callback (ac__cbhandle).  Standalone handles (ac_call_soon, ...) are
 * reference counted: each container holding one (ready queue, timer heap,
 * a future's callback list, the fd table) owns a reference.  Embedded
 * ones (a sleep's timer) live inside their owner, which keeps the first
 * reference forever, so they are never freed on their own and cost no
 * allocation when rescheduled. */
struct ac_handle {
    ac_object ob;
    ac__link l;
};

/* The handle whose link l is (l is no task's step). */
static inline ac_handle *ac__handle_of(ac__link *l)
{
    return (ac_handle *)(void *)((char *)l - offsetof(ac_handle, l));
}

typedef struct ac__cbhandle {
    ac_handle h;
    union {
        void (*plain)(void *arg);
        void (*fut)(ac_future *f, void *arg);
        void (*task)(ac_task *t, void *arg);
    } cb;
    void *arg;
    ac_object *hold; /* owned; dropped when the handle is done with */
} ac__cbhandle;

/* The callback part of h. */
static inline ac__cbhandle *ac__cbh(ac_handle *h)
{
    return (ac__cbhandle *)h;
}

/* A handle that runs at a time: one of the loop's timers (timer.c). */
typedef struct ac__timer {
    ac__cbhandle h;
    double when;
    uint64_t seq; /* FIFO among equal deadlines */
    size_t slot;  /* where among the loop's timers, AC__TIMER_OFF when not */
    ac_loop *loop;
} ac__timer;
#define AC__TIMER_OFF ((size_t)-1)

/* An entry of the timers' heap or run carries its timer's key: comparisons
 * read the array only, not timers scattered over the heap of memory (10^4
 * wait_for timers); an empty slot of the run has no timer. */
typedef struct ac__heap_entry {
    double when;
    uint64_t seq;
    ac__timer *t;
} ac__heap_entry;

/* Readers and writers of one fd (asyncio's add_reader/add_writer). */
typedef struct ac__io_slot {
    ac_handle *reader;
    ac_handle *writer;
    int mask;    /* AC__IO_READ | AC__IO_WRITE as registered with the poller:
                  * it may cover more than the watchers (loop_io.c) */
    bool owned;  /* a socket of the runtime's (sock.c): it may lag */
    bool queued; /* on one of the loop's trim lists */
} ac__io_slot;
enum { AC__IO_READ = 1, AC__IO_WRITE = 2 };

/* Descriptors whose registration is wider than their watchers. */
typedef struct ac__fdlist {
    int *fd;
    size_t n, cap;
} ac__fdlist;

/* While handles are ready, the loop polls for I/O once every this many
 * iterations (loop.c: must_poll). */
#define AC__POLL_EVERY 32

typedef struct ac__poller ac__poller;     /* poller_epoll.c / poller_poll.c */
typedef struct ac__executor ac__executor; /* executor.c */

struct ac_loop {
    ac__link *ready_head, *ready_tail;
    size_t ntimers; /* armed (timer.c): the heap's, and the run's */
    ac__heap_entry *heap;
    size_t nheap, heap_cap;
    ac__heap_entry *run; /* a ring of run_cap (a power of two) */
    size_t run_head, run_len, run_cap, run_dead;
    uint64_t timer_seq;

    ac__io_slot *fds; /* indexed by fd */
    size_t nfds;
    size_t nregistered;     /* slots with a non-zero mask */
    size_t npoller_updates; /* calls to ac__poller_update (tests, benches) */
    size_t npoller_waits;   /* calls to ac__poller_wait (tests, benches) */
    unsigned poll_in;       /* iterations with work ready before the next
                             * poll (loop.c), at least 1 between them */
    ac__fdlist trim_due, trim_next; /* see loop_io.c */
    ac__poller *poller;
    int wake_rd, wake_wr; /* eventfd: both the same; pipe: two ends */

    /* The thread-safe entry: ts_lock guards ts_head/ts_tail, closed and
     * the wakeup fd's writes.  ac_loop_free frees the rest and marks the
     * loop closed; the struct itself goes with the last of refs (the
     * loop's own, and ac_loop_keep's from other threads), so that
     * call_soon_threadsafe on a closed loop raises RuntimeError. */
    pthread_mutex_t ts_lock;
    ac__link *ts_head, *ts_tail;
    atomic_bool ts_pending; /* ts_head may be non-empty, or a SIGINT came
                             * (sigint.c): lock to look */
    atomic_size_t refs;
    bool closed;
    atomic_bool bound; /* a thread runs it: only that one may call it */

    bool running, stopping;
    ac_task *current_task;
    /* Pending tasks (the loop holds a reference to each): a dense vector,
     * each task knowing its index (its fut.task_slot); a task done leaves
     * its slot to the last one (task.c).  One pointer a task, not two
     * links (issue 12). */
    ac_task **tasks;
    uint32_t ntasks;    /* pending */
    size_t tasks_cap;   /* slots allocated */
    ac__executor *executor;
    void *asyncgens; /* for the async-generator hooks (agen code) */
    /* Processes and signals (proc/): their state, and what frees it when
     * the loop is freed (before its timers and fd watchers go). */
    void *proc;
    void (*proc_free)(ac_loop *loop);

    /* Debug mode (ASYNCC_DEBUG, debug.c) and ac_run's own loop. */
    bool debug;              /* slow callbacks are reported */
    bool watch_deadlock;     /* ac_run's loop in debug mode: see debug.c */
    bool exposed;            /* ac_get_running_loop gave it out */
    bool deadlocked;         /* nothing could wake it: stopped */
    ac_task *interrupt_task; /* ac_run's main task, which SIGINT cancels */
};

/* The loop running on this thread, or NULL (read inline: every task made
 * and every future awaited asks). */
extern _Thread_local ac_loop *ac__loop_running;
static inline ac_loop *ac__running_loop(void)
{
    return ac__loop_running;
}

/* How many tasks of loop are pending. */
static inline size_t ac__loop_npending(const ac_loop *loop)
{
    return loop->ntasks;
}

/* 0 when this thread may schedule on loop, else -1 with asyncio's
 * RuntimeError: the loop is closed, or (debug mode) another thread runs
 * it. */
int ac__loop_check(ac_loop *loop);

/* Handles. */
ac_handle *ac__handle_new(int kind, void *cb, void *arg, ac_object *hold);
/* A task's step, embedded in the task (AC__H_STEP). */
static inline void ac__link_init_step(ac__link *l)
{
    l->next = NULL;
    l->kind = AC__H_STEP;
    l->cancelled = 0;
    l->is_timer = 0;
    l->embedded = 1;
}
/* Whether l's callback is cb (any when NULL) and its argument arg. */
bool ac__link_matches(const ac__link *l, void *cb, void *arg);
/* Drops a container's reference to l's handle (none for embedded ones). */
static inline void ac__link_release(ac__link *l)
{
    if (!l->embedded)
        ac_decref(ac__handle_of(l));
}
void ac__link_run(ac__link *l);
void ac__handle_release(ac_handle *h); /* drops one reference */

/* Ready queue: appends l (the queue takes a reference to its handle). */
void ac__loop_ready(ac_loop *loop, ac__link *l);
/* Takes an embedded link out of the ready queue if it is there (its
 * owner is going away: a task dropped by ac_loop_free).  Linear: for
 * teardown only. */
void ac__loop_unready_embedded(ac_loop *loop, ac__link *l);
/* The same for an embedded link, whose count is not kept: the step of a
 * task that awaited sleep(0) goes back on the queue with four stores. */
static inline void ac__loop_ready_embedded(ac_loop *loop, ac__link *l)
{
    l->next = NULL;
    if (loop->ready_tail)
        loop->ready_tail->next = l;
    else
        loop->ready_head = l;
    loop->ready_tail = l;
}

/* Timers: an embedded timer is armed and disarmed without allocation. */
void ac__timer_init_embedded(ac__timer *t, void (*cb)(void *), void *arg);
ac__timer *ac__timer_new(void (*cb)(void *), void *arg);
void ac__timer_arm(ac_loop *loop, ac__timer *t, double when);
void ac__timer_disarm(ac__timer *t);
/* The loop's timers: push takes the caller's reference (0, or -1 with
 * MemoryError set); pop takes out the earliest (NULL: none) and gives its
 * reference; remove takes out t and drops it; first_when is the earliest
 * deadline (INFINITY: none); free releases the arrays. */
int ac__timers_push(ac_loop *loop, ac__timer *t);
ac__timer *ac__timers_pop(ac_loop *loop);
void ac__timers_remove(ac_loop *loop, ac__timer *t);
double ac__timers_first_when(const ac_loop *loop);
void ac__timers_free(ac_loop *loop);

/* I/O watchers (one reader and one writer per fd; adding replaces).
 * cb(arg) runs from the ready queue each iteration the fd is ready, until
 * removed.  0, or -1 with the exception set.  remove: true if one was
 * registered. */
int ac__loop_add_reader(ac_loop *loop, int fd, void (*cb)(void *), void *arg);
int ac__loop_add_writer(ac_loop *loop, int fd, void (*cb)(void *), void *arg);
bool ac__loop_remove_reader(ac_loop *loop, int fd);
bool ac__loop_remove_writer(ac_loop *loop, int fd);
/* The same for a socket the runtime opened (ac__loop_io_opened) and closes
 * with ac__sock_close: which is AC__IO_READ or AC__IO_WRITE. */
int ac__loop_add_owned(ac_loop *loop, int fd, int which, void (*cb)(void *),
                       void *arg);
/* Called by the poller backend for each ready fd (events: AC__IO_*). */
void ac__loop_io_ready(ac_loop *loop, int fd, int events);
/* Before a wait when a trim list is not empty: narrows the registrations
 * that lagged two waits. */
void ac__loop_io_trim(ac_loop *loop);
/* The runtime closed fd, a socket of its own that nothing watches: the
 * kernel dropped its registration with the close.  loop may be NULL. */
void ac__loop_io_closed(ac_loop *loop, int fd);
/* The kernel gave the runtime fd for a socket: any registration under that
 * number is stale.  loop may be NULL. */
void ac__loop_io_opened(ac_loop *loop, int fd);
/* Frees the fd table and the trim lists (the loop is being freed). */
void ac__loop_io_free(ac_loop *loop);

/* Poller backend. */
int ac__poller_open(ac_loop *loop);
void ac__poller_close(ac_loop *loop);
int ac__poller_update(ac_loop *loop, int fd, int old_mask, int new_mask);
/* Waits at most timeout_ms (-1: no limit), reporting ready fds through
 * ac__loop_io_ready.  0, or -1 with errno. */
int ac__poller_wait(ac_loop *loop, int timeout_ms);

/* call_soon_threadsafe with a held object (its reference is given). */
ac_handle *ac__call_soon_threadsafe_hold(ac_loop *loop, void (*cb)(void *),
                                         void *arg, ac_object *hold);

/* debug.c: ASYNCC_DEBUG set (and not "0") in the environment. */
bool ac__debug_enabled(void);
/* Runs h (debug mode), reporting one that takes 100 ms or more. */
void ac__debug_run_handle(ac_loop *loop, ac__link *l);
/* About to wait with no timeout: true (and reported) when nothing can
 * ever wake the loop. */
bool ac__debug_deadlocked(ac_loop *loop);
/* sigint.c: ac_run's SIGINT handler.  install: false when not on the
 * main thread or SIGINT's disposition is not the default; the handler
 * raises the loop's ts_pending; poll (then): cancels loop->interrupt_task
 * on the first SIGINT; seen: one arrived; detach: the handler no longer
 * touches the loop (before it is freed). */
bool ac__sigint_install(ac_loop *loop);
void ac__sigint_poll(ac_loop *loop);
bool ac__sigint_seen(void);
void ac__sigint_detach(void);
void ac__sigint_restore(void);
/* executor.c: a job is queued or running. */
bool ac__executor_busy(ac_loop *loop);

/* Loop pieces implemented elsewhere. */
void ac__loop_cancel_timers_and_io(ac_loop *loop); /* teardown */
void ac__executor_shutdown(ac_loop *loop);         /* joins the workers */
void ac__tasks_teardown(ac_loop *loop); /* drops still-pending tasks */

#endif
