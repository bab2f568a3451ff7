/* workers.c - ac_workers_run: N threads, each running its own event loop
 * (ac_run) on a coroutine made in that thread, then joined.  Loops share
 * nothing; they talk through channels. */
#include <pthread.h>
#include <stdlib.h>

#include "asyncc.h"

typedef struct worker {
    pthread_t thread;
    size_t index;
    ac_worker_fn fn;
    void *arg;
    ac_exc *exc; /* what the worker raised; handed over after the join */
    bool started;
} worker;

static void *worker_main(void *p)
{
    worker *w = p;
    ac_coro *main = w->fn(w->index, w->arg);
    if (main == NULL || ac_run(main, NULL) < 0)
        w->exc = ac_err_fetch();
    return NULL;
}

int ac_workers_run(size_t n, ac_worker_fn fn, void *arg)
{
    worker *ws = calloc(n ? n : 1, sizeof *ws);
    if (ws == NULL)
        return ac_err_format(&ac_MemoryError, NULL);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        ws[i].index = i;
        ws[i].fn = fn;
        ws[i].arg = arg;
        ws[i].started =
            pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]) == 0;
        if (!ws[i].started && rc == 0)
            rc = ac_err_format(&ac_RuntimeError, "can't start new thread");
    }
    /* The exceptions were made by threads that have ended: they are this
     * thread's now. */
    ac_exc *first = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!ws[i].started)
            continue;
        pthread_join(ws[i].thread, NULL);
        if (first == NULL)
            first = ws[i].exc;
        else
            ac_decref(ws[i].exc);
    }
    free(ws);
    if (first != NULL && rc == 0) {
        ac_err_set(first);
        return -1;
    }
    ac_decref(first);
    return rc;
}
