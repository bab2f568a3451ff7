/* asyncc/structured.h - Structured concurrency: task groups, timeouts,
 * shield, wait, as_completed, exception groups (asyncio.TaskGroup,
 * asyncio.timeout, ...).  Included by asyncc.h (include that, not this).
 * docs/STRUCTURED.md tells how to use them. */
#ifndef ASYNCC_STRUCTURED_H
#define ASYNCC_STRUCTURED_H

/* Exception groups.  ExceptionGroup is an Exception and also matches
 * ac_BaseExceptionGroup; a group holding a BaseException that is no
 * Exception (KeyboardInterrupt, ...) is a BaseExceptionGroup.
 * ac_exc_message of a group is Python's str(eg):
 * "unhandled errors in a TaskGroup (2 sub-exceptions)". */
AC_DECLARE_EXC_TYPE(ac_BaseExceptionGroup);           /* BaseException */
AC_DECLARE_EXC_TYPE(ac_ExceptionGroup);               /* Exception */
size_t ac_exc_group_size(const ac_exc *e);            /* 0: not a group */
ac_exc *ac_exc_group_item(const ac_exc *e, size_t i); /* borrowed; NULL
                                                       * past the end */

/* asyncio.TaskGroup.  `async with (ac_task_group *tg = ac_task_group_new())
 * { ... }` waits for every task the group created; the first child that
 * fails cancels the others and the body; once all are done the block
 * raises an ExceptionGroup of the failures ("unhandled errors in a
 * TaskGroup (N sub-exceptions)").  The block owns the reference
 * ac_task_group_new returned: it drops it on the way out (or when entering
 * fails); ac_incref the group to use it after the block. */
typedef struct ac_task_group ac_task_group;
ac_task_group *ac_task_group_new(void); /* NULL: MemoryError */
/* Takes c; the task returned is borrowed (the group holds it until it is
 * done; ac_incref to keep it longer).  NULL with RuntimeError on a group
 * not entered, finished or shutting down (c is then closed). */
ac_task *ac_task_group_create_task(ac_task_group *tg, ac_coro *c,
                                   const char *name);

/* asyncio.timeout / timeout_at.  `async with (ac_timeout(0.5)) { ... }`
 * cancels the task at the deadline and turns its CancelledError into
 * TimeoutError after the block.  INFINITY: no deadline.  Like a task
 * group, the block drops the reference the constructor returned: ac_incref
 * the timeout to call ac_timeout_expired after the block. */
struct ac_timeout;
struct ac_timeout *ac_timeout(double delay);   /* NULL: RuntimeError (no
                                                * running loop) */
struct ac_timeout *ac_timeout_at(double when); /* loop time */
/* Inside the block only: RuntimeError (for ac_err_fetch) otherwise. */
void ac_timeout_reschedule(struct ac_timeout *t, double when);
bool ac_timeout_expired(struct ac_timeout *t);
double ac_timeout_when(struct ac_timeout *t); /* INFINITY: none */

/* asyncio.shield: takes aw (a coroutine becomes a task); awaiting the
 * result gives aw's.  Cancelling the waiter does not cancel aw. */
void *ac_shield(void *aw);
/* gather(..., return_exceptions=True): waits for all, raises none of
 * theirs (cancelled itself, it cancels them).  Takes each aws[i]; pass
 * tasks and read each with ac_task_result / ac_task_exception. */
void *ac_gather_return_exceptions(void *const *aws, size_t n);

/* asyncio.wait: borrows the tasks; -> size_t, how many are done.
 * timeout INFINITY: none (no TimeoutError: fewer are done).  n == 0
 * raises ValueError where awaited. */
enum { AC_FIRST_COMPLETED = 1, AC_FIRST_EXCEPTION, AC_ALL_COMPLETED };
void *ac_wait(ac_task *const *ts, size_t n, double timeout, int return_when);
/* asyncio.as_completed: an async generator yielding each task (borrowed)
 * as it finishes; TimeoutError when the timeout passes first.  Borrows the
 * tasks (keeps its own references); they must be distinct. */
ac_agen *ac_as_completed(ac_task *const *ts, size_t n, double timeout);
/* asyncio.all_tasks: the loop's (NULL: the running one) pending tasks,
 * at most cap of them into out (borrowed); returns how many there are. */
size_t ac_all_tasks(ac_loop *loop, ac_task **out, size_t cap);

#endif /* ASYNCC_STRUCTURED_H */
