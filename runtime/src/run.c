/* run.c - asyncio.run: a new loop runs main as a task; then the remaining
 * tasks are cancelled and waited for, async generators shut down, the
 * default executor shut down, and the loop closed. */
#include "future.h"

#include <stdlib.h>

typedef struct countdown {
    size_t left;
    ac_loop *loop;
} countdown;

static void one_done(ac_task *t, void *arg)
{
    (void)t;
    countdown *c = arg;
    if (--c->left == 0)
        ac_loop_stop(c->loop);
}

/* Python's _cancel_all_tasks. */
static void cancel_all_tasks(ac_loop *loop)
{
    size_t n = 0;
    for (ac_task *t = loop->tasks; t; t = t->next)
        n++;
    if (n == 0)
        return;
    ac_task **tasks = malloc(n * sizeof *tasks);
    if (tasks == NULL)
        return; /* ac_loop_free drops them */
    size_t i = 0;
    for (ac_task *t = loop->tasks; t; t = t->next) {
        ac_incref(t);
        tasks[i++] = t;
    }
    countdown c = {n, loop};
    for (i = 0; i < n; i++) {
        ac_task_cancel(tasks[i], NULL);
        ac_task_add_done_callback(tasks[i], one_done, &c);
    }
    while (c.left > 0 && loop->tasks)
        ac_loop_run_forever(loop);
    for (i = 0; i < n; i++) {
        ac_task *t = tasks[i];
        if (ac_task_done(t) && !ac_task_cancelled(t) && t->fut.exc) {
            t->fut.log_exc = 0;
            ac__future_report(&t->fut,
                              "unhandled exception during asyncio.run() "
                              "shutdown",
                              "task", t->fut.exc);
        }
        ac__future_remove_handles(&t->fut, (void *)one_done, &c);
        ac_decref(t);
    }
    free(tasks);
}

int ac_run(ac_coro *main, void *result)
{
    if (ac__running_loop() != NULL) {
        ac_decref(main);
        return ac_err_format(
            &ac_RuntimeError,
            "asyncio.run() cannot be called from a running event loop");
    }
    if (main == NULL)
        return -1; /* its constructor failed */
    ac_loop *loop = ac_loop_new();
    if (loop == NULL) {
        ac_decref(main);
        return -1;
    }
    int rc = ac_loop_run_until_complete(loop, main, result);
    ac_exc *exc = rc < 0 ? ac_err_fetch() : NULL;
    cancel_all_tasks(loop);
    if (ac_loop_shutdown_asyncgens(loop) < 0)
        ac_err_write_unraisable(ac_err_fetch(), "shutdown_asyncgens");
    ac__executor_shutdown(loop);
    ac_loop_free(loop);
    if (exc)
        ac_err_set(exc);
    return rc;
}
