/* run.c - asyncio.run: a new loop runs main as a task; then the remaining
 * tasks are cancelled and waited for, async generators shut down, the
 * default executor shut down, and the loop closed. */
#include "loop/future.h"

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
    size_t n = ac__loop_npending(loop);
    if (n == 0)
        return;
    ac_task **tasks = malloc(n * sizeof *tasks);
    if (tasks == NULL)
        return; /* ac_loop_free drops them */
    size_t i = 0;
    for (uint32_t k = loop->ntasks; k-- > 0;) {
        ac_task *t = loop->tasks[k];
        ac_incref(t);
        tasks[i++] = t;
    }
    countdown c = {n, loop};
    for (i = 0; i < n; i++) {
        ac_task_cancel(tasks[i], NULL);
        ac_task_add_done_callback(tasks[i], one_done, &c);
    }
    loop->deadlocked = false;
    while (c.left > 0 && ac__loop_npending(loop) > 0 && !loop->deadlocked)
        ac_loop_run_forever(loop); /* a deadlock: ac_loop_free closes */
    for (i = 0; i < n; i++) {
        ac_task *t = tasks[i];
        if (ac_task_done(t) && !ac_task_cancelled(t) &&
            ac__future_exc(&t->fut)) {
            t->fut.log_exc = 0;
            ac__future_report(&t->fut,
                              "unhandled exception during asyncio.run() "
                              "shutdown",
                              "task", ac__future_exc(&t->fut));
        }
        ac__future_remove_handles(&t->fut, (void *)one_done, &c);
        ac_decref(t);
    }
    free(tasks);
}

/* The exception ac_run returns (taken, given back): a deadlock or a
 * SIGINT that ended the main task, as asyncio.Runner reports them. */
static ac_exc *outcome(ac_loop *loop, ac_task *task, ac_exc *exc)
{
    if (loop->deadlocked) {
        ac_decref(exc);
        return ac_exc_new(&ac_RuntimeError,
                          "deadlock: nothing can wake the main task '%s'",
                          ac_task_get_name(task));
    }
    if (exc != NULL && ac_exc_matches(exc, &ac_CancelledError) &&
        ac__sigint_seen()) {
        ac_exc *ki = ac_exc_new(&ac_KeyboardInterrupt, NULL);
        ac_exc_set_context(ki, exc);
        ac_decref(exc);
        return ki;
    }
    return exc;
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
    ac_task *task = ac_loop_create_task(loop, main, NULL);
    if (task == NULL) {
        ac_loop_free(loop);
        return -1;
    }
    loop->watch_deadlock = loop->debug;
    loop->interrupt_task = task;
    bool sigint = ac__sigint_install(loop);
    ac_incref(task); /* run_until_complete takes one */
    int rc = ac_loop_run_until_complete(loop, task, result);
    ac_exc *exc = rc < 0 ? ac_err_fetch() : NULL;
    exc = outcome(loop, task, exc);
    rc = exc != NULL ? -1 : rc;
    loop->interrupt_task = NULL;
    ac_decref(task);
    cancel_all_tasks(loop);
    if (ac_loop_shutdown_asyncgens(loop) < 0)
        ac_err_write_unraisable(ac_err_fetch(), "shutdown_asyncgens");
    ac__executor_shutdown(loop);
    bool debug = loop->debug;
    if (sigint)
        ac__sigint_detach(); /* the loop's memory goes */
    ac_loop_free(loop);
    if (sigint)
        ac__sigint_restore();
    if (exc != NULL && debug) /* ASYNCC_DEBUG: say what is returned */
        ac_exc_print(exc, stderr);
    if (exc)
        ac_err_set(exc);
    return rc;
}
