/* future.h - runtime-internal: futures, tasks and the awaitables built on
 * them (sleep, gather, wait_for, executor jobs, fd readiness, streams).
 *
 * A future is an awaitable that is not a frame.  A task waiting on one
 * links its step handle into the future's callback list; the loop runs the
 * step when the future is done, and the suspended frame reads the outcome
 * in await_result.  Subtypes start work when first awaited (start), and
 * may cancel differently (cancel). */
#ifndef AC_FUTURE_H
#define AC_FUTURE_H

#include "gen/frame.h"
#include "loop/loop.h"

enum { AC__FUT_PENDING, AC__FUT_FINISHED, AC__FUT_CANCELLED };

typedef struct ac__futclass {
    ac_objtype type; /* first: an ac_object's type points here */
    /* Starts the work (a timer, a watcher, child tasks), once, when the
     * future is first awaited or handed to the loop.  0, or -1 with the
     * exception set.  NULL: nothing to start. */
    int (*start)(ac_future *f);
    /* Cancels; NULL: ac__future_cancel_plain. */
    bool (*cancel)(ac_future *f, const char *msg);
    /* await_result of subtypes whose outcome lives elsewhere (wait_for
     * delegates to its inner awaitable); NULL: the future's own. */
    int (*get_result)(ac_future *f, void *dst, size_t size);
} ac__futclass;

struct ac_future {
    ac_object ob;
    ac_loop *loop; /* NULL until bound (created with no running loop) */
    unsigned char state;
    /* Bits and a 32-bit size, in one word: a task is one of these plus
     * what drives it, and a million suspended tasks are this size each
     * (issue 12; ac_future_new refuses a larger result). */
    unsigned char log_exc : 1; /* an exception nobody retrieved yet */
    unsigned char started : 1; /* start() was called */
    unsigned char is_task : 1;
    unsigned char exc_retrieved : 1; /* a later exception counts as retrieved */
    unsigned char must_cancel : 1;   /* a task's: cancel at its next step */
    unsigned char throw_held : 1;    /* a task's held is an exception */
    unsigned char named : 1;         /* a task's name is in task/task_name.c */
    unsigned char in_room : 1;       /* a task in the room before its frame */
    union {
        /* Not a task: where its result_size bytes are, from the future
         * (behind it, or in its subtype's struct; ac__future_result). */
        uint16_t result_at;
        /* A task: Task.cancelling() (task/cancelling.c); its result is
         * in its coroutine's frame. */
        uint16_t cancel_requests;
    } u;
    /* The size of a plain future's result; a task's is its coroutine's
     * (ac__future_result_size reads both), and the word is the task's
     * index in its loop's pending tasks. */
    union {
        uint32_t result_size;
        uint32_t task_slot;
    };
    /* Owned, or NULL: the exception it FINISHED with, or the
     * CancelledError a cancelled task raised (ac__future_exc); or, tagged
     * by the low bit (a strdup's block is aligned), the message of its
     * cancellation (ac__future_msg), which a done future keeps only when
     * CANCELLED without an exception.  One word for the two: a task is one
     * of these (issue 12). */
    void *outcome;
    /* Done callbacks, in order: the last, linked in a ring (its next is
     * the first), one pointer for a list that is mostly empty. */
    ac__link *cb_last;
};

static inline ac_exc *ac__future_exc(const ac_future *f)
{
    return ((uintptr_t)f->outcome & 1) ? NULL : (ac_exc *)f->outcome;
}
static inline const char *ac__future_msg(const ac_future *f)
{
    uintptr_t v = (uintptr_t)f->outcome;
    return (v & 1) ? (const char *)(v & ~(uintptr_t)1) : NULL;
}
/* Replace f's outcome (what was there is dropped): set_exc takes e;
 * set_msg copies msg (NULL: none, as when out of memory); take_msg gives
 * the message (owned, or NULL) and leaves none. */
void ac__future_set_exc(ac_future *f, ac_exc *e);
void ac__future_set_msg(ac_future *f, const char *msg);
char *ac__future_take_msg(ac_future *f);

/* The first done callback of f, or NULL; the one after h, or NULL. */
static inline ac__link *ac__future_first_cb(const ac_future *f)
{
    return f->cb_last ? f->cb_last->next : NULL;
}
static inline ac__link *ac__future_next_cb(const ac_future *f,
                                           const ac__link *l)
{
    return l == f->cb_last ? NULL : l->next;
}

/* The fields a step touches come first, together: with a million tasks
 * out of cache, each step costs a few cache lines, not one more (with the
 * step handle last, tasks that malloc placed 48 bytes into a line took 40%
 * longer per switch). */
struct ac_task {
    ac_future fut;
    /* Embedded: the task's next step, a link alone (AC__H_STEP, no
     * object header); its owner_word is the task's number (Task-N). */
    ac__link step;
    ac_frame *leaf; /* the frame to resume; NULL before the first step */
    /* Owned, or NULL: the future the leaf waits on (ac__task_waiter), or,
     * with fut.throw_held, the exception thrown in at the next step (a
     * bad await's RuntimeError).  Never both: that exception is made when
     * the leaf waits on nothing, and the next step throws it. */
    void *held;
    /* The top frame (owned; ac__task_coro): right behind the task when
     * fut.in_room (one block, gen/frame.h), else here, one word past the
     * struct's size in a block of its own. */
    ac_frame *coro_apart[];
};

static inline ac_frame *ac__task_coro(const ac_task *t)
{
    return t->fut.in_room ? (ac_frame *)(void *)((char *)t + AC__TASK_ROOM)
                          : t->coro_apart[0];
}

static inline ac_future *ac__task_waiter(const ac_task *t)
{
    return t->fut.throw_held ? NULL : (ac_future *)t->held;
}

/* The size of f's result: a task's is its coroutine's. */
static inline size_t ac__future_result_size(const ac_future *f)
{
    if (f->is_task)
        return ac__task_coro((const ac_task *)f)->code->result_size;
    return f->result_size;
}

/* Where f's result_size bytes are: a task's in its coroutine's frame
 * (the task holds it to the end). */
static inline void *ac__future_result(ac_future *f)
{
    if (f->is_task) {
        ac_frame *coro = ac__task_coro((ac_task *)f);
        return (char *)coro + coro->code->result_offset;
    }
    return (char *)f + f->u.result_at;
}

static inline bool ac__is_future(const void *h)
{
    return h != NULL && ac__kind(h) == AC_OBJ_FUTURE;
}
static inline const ac__futclass *ac__futclass_of(const ac_future *f)
{
    return (const ac__futclass *)f->ob.type;
}

/* For subtypes: initialise f (allocated by the caller with its refcount
 * and type set by this call); result points to result_size bytes inside
 * f's own block, less than 64 KiB from f (NULL when result_size is 0).  A
 * task passes NULL: its result is its frame's. */
void ac__future_init(ac_future *f, const ac__futclass *cls, ac_loop *loop,
                     void *result, size_t result_size);
/* Releases what ac__future_init's fields hold (not f itself). */
void ac__future_fini(ac_future *f);
/* An exception nobody retrieved is reported as the future goes away, as
 * asyncio's Future.__del__ does ("Task ..." or "Future exception was never
 * retrieved"). */
void ac__future_report_unretrieved(ac_future *f);
void ac__future_dealloc(ac_object *self); /* plain futures */

/* Binds an unbound future to loop and starts it.  0, or -1 with the
 * exception set (a future of another loop is a RuntimeError). */
int ac__future_start(ac_future *f, ac_loop *loop);

/* Completion; false (nothing done) when f is already done. */
bool ac__future_finish(ac_future *f, const void *value); /* copies */
bool ac__future_fail(ac_future *f, ac_exc *exc);         /* takes exc */
bool ac__future_cancel(ac_future *f, const char *msg);   /* the class's */
bool ac__future_cancel_plain(ac_future *f, const char *msg);
/* Marks a future done without touching its result (subtypes whose outcome
 * lives elsewhere) and schedules its callbacks. */
void ac__future_mark_done(ac_future *f, int state);

/* The outcome: 0 with the result copied to dst (if not NULL; its size
 * must match unless size is AC__ANY_SIZE), or -1 with the exception set.
 * Marks it retrieved. */
#define AC__ANY_SIZE ((size_t)-1)
int ac__future_get_result(ac_future *f, void *dst, size_t size);
/* The CancelledError a cancelled future raises (new reference). */
ac_exc *ac__future_cancelled_error(ac_future *f);

/* Callback lists: h is appended (the list takes h's reference), or put on
 * the ready queue at once when f is done.  remove: drops every handle
 * whose callback is cb (any when NULL) and whose arg is arg; returns how
 * many. */
void ac__future_add_link(ac_future *f, ac__link *l);
size_t ac__future_remove_handles(ac_future *f, void *cb, void *arg);
/* A done callback whose arg may go away before it runs: watch returns the
 * handle with a reference for the caller (NULL with the exception set);
 * unwatch, before arg goes, takes it off f's list or, already on the ready
 * queue, cancels it so it never runs, and drops that reference.  A plain
 * remove_handles cannot reach a callback already scheduled. */
ac_handle *ac__future_watch(ac_future *f, void (*cb)(ac_future *, void *),
                            void *arg);
void ac__future_unwatch(ac_future *f, ac_handle *h);

/* The objtype hooks of plain futures, for subtypes to reuse. */
/* sleep.c: ac_sleep(0)'s shared awaitable (a bare yield to the loop),
 * and a real sleep future for where a future is needed. */
extern const ac_objtype ac__yield_once_type;
static inline bool ac__is_yield_once(const void *aw)
{
    return ((const ac_object *)aw)->type == &ac__yield_once_type;
}
void *ac__sleep_future(double seconds);
int ac__future_await_start(ac_object *self, ac_frame *waiter);
int ac__future_await_result(ac_object *self, ac_frame *waiter, void *dst,
                            size_t size);

/* Turns an awaitable into a started future of loop: a coroutine becomes a
 * task, a future is bound and started.  Takes aw; NULL with the exception
 * set (TypeError for anything else). */
ac_future *ac__ensure_future(ac_loop *loop, void *aw);

/* Prints "MSG\nLABEL: <repr>\n" and exc's traceback, as asyncio's default
 * exception handler does (msg e.g. "Task exception was never retrieved",
 * label "future" or "task"). */
void ac__future_report(ac_future *f, const char *msg, const char *label,
                       ac_exc *exc);
/* Python's repr of an exception: ValueError('boom'). */
void ac__exc_repr(const ac_exc *e, FILE *out);

/* A task's name (formats "Task-N" when none was given). */
const char *ac__task_name(ac_task *t);
/* The task whose step l is, or NULL for any other link. */
static inline ac_task *ac__task_of_step(const ac__link *l)
{
    if (l->kind != AC__H_STEP)
        return NULL;
    return (ac_task *)((char *)l - offsetof(ac_task, step));
}
/* Python's repr(task): "<Task pending name='Task-1' coro=<main() running
 * at f.ac:12> wait_for=<Future pending cb=[Task.task_wakeup()]>>". */
void ac__task_repr(ac_task *t, FILE *out);
/* A frame's current line (Python's f_lineno): its definition's before it
 * runs, then the await it is suspended at or its last raise site. */
int ac__frame_lineno(const ac_frame *f);

#endif
