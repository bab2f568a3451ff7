/* rt_sync.c - the synchronisation primitives where Python cannot say it:
 * waiters whose tasks go away with their loop leave the waiting lists, a
 * queue get's result outlives the caller's reference to the queue (its
 * frame's code lives in the queue), the FIFO ring growing while wrapped,
 * and the priority heap against qsort. */
#include "rt_loop_util.h"
#include "sync/sync.h"

static void test_waiters_dropped_with_loop(void)
{
    ac_loop *loop = ac_loop_new();
    ac_lock *lock = ac_lock_new();
    ac_semaphore *sem = ac_semaphore_new(0);
    ac_event *ev = ac_event_new();
    ac_queue *empty = ac_queue_new(sizeof(int), 0);
    ac_queue *full = ac_queue_new(sizeof(int), 1);
    int one = 1;
    CU_ASSERT_EQUAL(ac_queue_put_nowait(full, &one), 0);
    run_ok(loop, ac_lock_acquire(lock), NULL);
    ac_task *t[] = {ac_loop_create_task(loop, ac_lock_acquire(lock), NULL),
                    ac_loop_create_task(loop, ac_semaphore_acquire(sem), NULL),
                    ac_loop_create_task(loop, ac_event_wait(ev), NULL),
                    ac_loop_create_task(loop, ac_queue_get(empty), NULL),
                    ac_loop_create_task(loop, ac_queue_put(full, &one), NULL),
                    ac_loop_create_task(loop, ac_queue_join(full), NULL)};
    run_ok(loop, ac_sleep(0.001), NULL);
    CU_ASSERT_EQUAL(lock->waiters.len, 1);
    CU_ASSERT_EQUAL(sem->waiters.len, 1);
    CU_ASSERT_EQUAL(ev->waiters.len, 1);
    CU_ASSERT_EQUAL(empty->getters.len, 1);
    CU_ASSERT_EQUAL(full->putters.len, 1);
    CU_ASSERT_EQUAL(full->finished->waiters.len, 1);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        ac_decref(t[i]);
    ac_loop_free(loop); /* drops the pending tasks and their frames */
    CU_ASSERT_EQUAL(lock->waiters.len, 0);
    CU_ASSERT_EQUAL(sem->waiters.len, 0);
    CU_ASSERT_EQUAL(ev->waiters.len, 0);
    CU_ASSERT_EQUAL(empty->getters.len, 0);
    CU_ASSERT_EQUAL(full->putters.len, 0);
    CU_ASSERT_EQUAL(full->finished->waiters.len, 0);
    CU_ASSERT_EQUAL(lock->ob.refcnt, 1);
    CU_ASSERT_EQUAL(empty->ob.refcnt, 1);
    CU_ASSERT_EQUAL(full->ob.refcnt, 1);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_decref(lock);
    ac_decref(sem);
    ac_decref(ev);
    ac_decref(empty);
    ac_decref(full);
}

static void test_result_outlives_queue(void)
{
    ac_loop *loop = ac_loop_new();
    ac_queue *q = ac_queue_new(sizeof(double), 0);
    ac_task *t = ac_loop_create_task(loop, ac_queue_get(q), NULL);
    double x = 2.5;
    CU_ASSERT_EQUAL(ac_queue_put_nowait(q, &x), 0);
    ac_decref(q); /* the get's frame keeps it */
    ac_incref(t);
    double got = 0;
    run_ok(loop, t, &got);
    CU_ASSERT_EQUAL(got, 2.5);
    got = 0;
    CU_ASSERT_EQUAL(ac_task_result(t, &got), 0);
    CU_ASSERT_EQUAL(got, 2.5);
    ac_decref(t);
    ac_loop_free(loop);
}

static void test_ring_grows_wrapped(void)
{
    ac_queue *q = ac_queue_new(sizeof(int), 0);
    int v, next = 0;
    for (int i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(ac_queue_put_nowait(q, &i), 0);
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(ac_queue_get_nowait(q, &v), 0);
        CU_ASSERT_EQUAL(v, next++);
    }
    for (int i = 6; i < 40; i++) /* wraps, then grows twice */
        CU_ASSERT_EQUAL(ac_queue_put_nowait(q, &i), 0);
    CU_ASSERT_EQUAL(ac_queue_qsize(q), 36);
    while (ac_queue_get_nowait(q, &v) == 0)
        CU_ASSERT_EQUAL(v, next++);
    CU_ASSERT_EQUAL(next, 40);
    ASSERT_RAISED(ac_QueueEmpty, "");
    CU_ASSERT_EQUAL(ac_queue_task_done(q), 0);
    ac_decref(q);
}

static void test_null_items(void)
{
    ac_queue *q = ac_queue_new(sizeof(long), 0);
    long v = 5;
    CU_ASSERT_EQUAL(ac_queue_put_nowait(q, &v), 0);
    CU_ASSERT_EQUAL(ac_queue_put_nowait(q, NULL), 0);
    CU_ASSERT_EQUAL(ac_queue_get_nowait(q, NULL), 0); /* dropped */
    CU_ASSERT_EQUAL(ac_queue_get_nowait(q, &v), 0);
    CU_ASSERT_EQUAL(v, 0);
    ac_decref(q);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void test_heap_sorts(void)
{
    enum { N = 500 };
    long in[N], out[N];
    ac_queue *q = ac_priority_queue_new(sizeof(long), 0, cmp_long);
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        in[i] = (long)(seed >> 16) % 97;
        CU_ASSERT_EQUAL(ac_queue_put_nowait(q, &in[i]), 0);
    }
    for (int i = 0; i < N; i++)
        CU_ASSERT_EQUAL(ac_queue_get_nowait(q, &out[i]), 0);
    qsort(in, N, sizeof in[0], cmp_long);
    CU_ASSERT_EQUAL(memcmp(in, out, sizeof in), 0);
    CU_ASSERT_TRUE(ac_queue_empty(q));
    ac_decref(q);
    CU_ASSERT_PTR_NULL(ac_priority_queue_new(sizeof(long), 0, NULL));
    ASSERT_RAISED(ac_TypeError, "a priority queue needs a comparison");
}

int main(void)
{
    static const test_case tests[] = {
        {"waiters leave with their tasks", test_waiters_dropped_with_loop},
        {"a get's result outlives the queue", test_result_outlives_queue},
        {"the FIFO ring grows while wrapped", test_ring_grows_wrapped},
        {"the priority heap sorts", test_heap_sorts},
        {"NULL items are zeroes; a NULL out drops", test_null_items},
        {NULL, NULL}};
    return run_suite("sync", tests);
}
