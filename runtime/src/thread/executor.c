/* executor.c - the loop's default executor: a bounded pool of threads
 * (min(32, cpus + 4), as Python's ThreadPoolExecutor) started on demand.
 * A job is the future itself; the worker hands the result back through
 * call_soon_threadsafe, whose handle holds the job's reference, so a
 * worker never touches a reference count. */
#include "loop/future.h"

#include <stdlib.h>
#include <unistd.h>

#define MAX_WORKERS 32

typedef struct exec_future {
    ac_future fut;
    void *(*fn)(void *);
    void *arg;
    void *ret;    /* written by the worker */
    void *result; /* the future's result */
    struct exec_future *next;
} exec_future;

struct ac__executor {
    pthread_mutex_t lock;
    pthread_cond_t work;
    exec_future *head, *tail;
    pthread_t threads[MAX_WORKERS];
    int nthreads, max, idle;
    bool shutdown;
};

static void job_done(void *arg)
{
    exec_future *e = arg;
    if (e->fut.state == AC__FUT_PENDING)
        ac__future_finish(&e->fut, &e->ret);
}

static void *worker(void *arg)
{
    ac__executor *x = arg;
    pthread_mutex_lock(&x->lock);
    for (;;) {
        while (x->head == NULL && !x->shutdown) {
            x->idle++;
            pthread_cond_wait(&x->work, &x->lock);
            x->idle--;
        }
        exec_future *e = x->head;
        if (e == NULL)
            break; /* shut down with nothing left to do */
        x->head = e->next;
        if (x->head == NULL)
            x->tail = NULL;
        pthread_mutex_unlock(&x->lock);
        e->ret = e->fn(e->arg);
        /* The job's reference passes to the handle. */
        if (ac__call_soon_threadsafe_hold(e->fut.loop, job_done, e,
                                          &e->fut.ob) == NULL)
            ac_err_clear(); /* out of memory: the job never completes */
        pthread_mutex_lock(&x->lock);
    }
    pthread_mutex_unlock(&x->lock);
    return NULL;
}

static ac__executor *executor_of(ac_loop *loop)
{
    if (loop->executor)
        return loop->executor;
    ac__executor *x = ac__zalloc(sizeof *x);
    if (x == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    pthread_mutex_init(&x->lock, NULL);
    pthread_cond_init(&x->work, NULL);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    x->max = cpus > 0 && cpus + 4 < MAX_WORKERS ? (int)cpus + 4 : MAX_WORKERS;
    loop->executor = x;
    return x;
}

static int exec_start(ac_future *f)
{
    exec_future *e = (exec_future *)f;
    ac__executor *x = executor_of(f->loop);
    if (x == NULL)
        return -1;
    ac_incref(e); /* the job's reference */
    pthread_mutex_lock(&x->lock);
    e->next = NULL;
    if (x->tail)
        x->tail->next = e;
    else
        x->head = e;
    x->tail = e;
    if (x->idle == 0 && x->nthreads < x->max &&
        pthread_create(&x->threads[x->nthreads], NULL, worker, x) == 0)
        x->nthreads++;
    pthread_cond_signal(&x->work);
    pthread_mutex_unlock(&x->lock);
    return 0;
}

bool ac__executor_busy(ac_loop *loop)
{
    ac__executor *x = loop->executor;
    if (x == NULL)
        return false;
    pthread_mutex_lock(&x->lock);
    bool busy = x->head != NULL || x->idle < x->nthreads;
    pthread_mutex_unlock(&x->lock);
    return busy;
}

/* Waits for every job submitted so far, then joins the workers. */
void ac__executor_shutdown(ac_loop *loop)
{
    ac__executor *x = loop->executor;
    if (x == NULL)
        return;
    pthread_mutex_lock(&x->lock);
    x->shutdown = true;
    pthread_cond_broadcast(&x->work);
    pthread_mutex_unlock(&x->lock);
    for (int i = 0; i < x->nthreads; i++)
        pthread_join(x->threads[i], NULL);
    pthread_cond_destroy(&x->work);
    pthread_mutex_destroy(&x->lock);
    free(x);
    loop->executor = NULL;
}

static void exec_dealloc(ac_object *self)
{
    ac__future_fini((ac_future *)self);
    free(self);
}

static const ac__futclass exec_class = {
    .type = {.name = "run_in_executor", .kind = AC_OBJ_FUTURE, .dealloc = exec_dealloc, .await_start = ac__future_await_start, .await_result = ac__future_await_result},
    .start = exec_start};

/* Submitted at once when a loop runs (as asyncio), else when awaited. */
void *ac_run_in_executor(void *(*fn)(void *), void *arg)
{
    exec_future *e = ac__zalloc(sizeof *e);
    if (e == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac_loop *loop = ac__running_loop();
    ac__future_init(&e->fut, &exec_class, loop, &e->result, sizeof(void *));
    e->fn = fn;
    e->arg = arg;
    if (loop && ac__future_start(&e->fut, loop) < 0) {
        ac_decref(e);
        return NULL;
    }
    return e;
}
