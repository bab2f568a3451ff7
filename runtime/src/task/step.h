/* step.h - runtime-internal: a task's step (task.c), with its short path
 * inline, so that the loop runs a task that awaited sleep(0) without a
 * call of its own (loop.c's run_handles).
 *
 * The short path resumes the leaf that awaited sleep(0), or a new task's
 * coroutine, directly, as the coroutine driver would (status, the
 * thread's running frames), and when
 * it awaits sleep(0) again puts the step back on the ready queue: no
 * driver loop, no waiter, no reference count.  Anything else goes on
 * through the driver from the resume's outcome (ac__task_step_went_on) or
 * takes the general step, asyncio's __step (ac__task_step_general). */
#ifndef AC_TASK_STEP_H
#define AC_TASK_STEP_H

#include "core/exc_info.h"
#include "loop/future.h"

/* The callback of every task's step handle. */
void ac__task_step(void *arg);
void ac__task_step_general(ac_task *t);
void ac__task_step_went_on(ac_task *t, ac_frame *leaf, int r);

/* Whether a step may take the short path: the leaf woke from sleep(0)
 * with nothing to throw in (held NULL: a task has a waiter only while its
 * leaf waits on that future, never on sleep(0)). */
static inline bool ac__task_woke_from_yield(const ac_task *t,
                                            const ac_frame *leaf)
{
    return leaf->waiting == (void *)&ac__yield_once &&
           leaf->status == AC_GEN_SUSPENDED && t->held == NULL &&
           !t->fut.must_cancel && t->fut.state == AC__FUT_PENDING;
}

/* The first step of a task given a new coroutine, with nothing to throw
 * in: its top frame, to start as the driver would start it (set as the
 * task's leaf); else NULL, for the general step. */
static inline ac_frame *ac__task_fresh_leaf(ac_task *t)
{
    ac_frame *top = ac__task_coro(t);
    if (top->status != AC_GEN_CREATED || t->held != NULL ||
        t->fut.must_cancel || t->fut.state != AC__FUT_PENDING)
        return NULL;
    top->how = AC_HOW_SEND;
    t->leaf = top;
    return top;
}

/* Resumes leaf, t's frame to run, as the driver would; when it awaits
 * sleep(0) again the step goes back on the ready queue, anything else goes
 * on through the driver from the outcome.  running is the thread's top
 * running link (ac__exc_top), the loop's for all its handles, with no
 * frame but a step's: the leaf is linked above the frames running below
 * the loop with one store and unlinked with another. */
static inline void ac__task_run_leaf(ac_loop *loop, ac_task *t, ac_frame *leaf,
                                     ac__exc_link *running)
{
    loop->current_task = t;
    leaf->status = AC_GEN_RUNNING;
    running->f = leaf;
    int r = leaf->code->resume(leaf);
    running->f = NULL;
    /* The same frame: read again, not kept across the call (the loop's
     * callee-saved registers are taken; keeping it spills it). */
    leaf = t->leaf;
    if (r == AC_YIELDED && leaf->waiting == (void *)&ac__yield_once) {
        leaf->status = AC_GEN_SUSPENDED;
        ac__loop_ready_embedded(loop, &t->step);
        loop->current_task = NULL;
        return;
    }
    ac__task_step_went_on(t, leaf, r);
}

/* One step of t, whose loop is loop.  The loop holds a reference to t
 * while it is pending, and a step only ends it by finishing it (the
 * general paths unlink it last).  Steps run from the loop only, never
 * inside one another: outside them the current task is NULL.  The leaf is
 * resumed with a send as it is: a frame suspended on sleep(0) was left
 * with how SEND by the await that suspended it
 * (ac__await_start(_i)), and every resume since (the driver's) leaves it
 * so. */
static inline void ac__task_step_inline(ac_loop *loop, ac_task *t,
                                        ac__exc_link *running)
{
    ac_frame *leaf = t->leaf;
    if (leaf != NULL ? ac__task_woke_from_yield(t, leaf)
                     : (leaf = ac__task_fresh_leaf(t)) != NULL)
        ac__task_run_leaf(loop, t, leaf, running);
    else
        ac__task_step_general(t);
}

#endif
