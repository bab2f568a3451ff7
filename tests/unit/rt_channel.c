/* rt_channel.c - channels between threads and loops, and ac_workers_run:
 * messages arrive whole and in order, a parked receiver wakes when another
 * thread sends, close ends receivers, oversized messages stay queued,
 * cancelled receivers unlink, worker loops split a job list and report the
 * first exception. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "rt_io_util.h"

/* ---- a receiver: count messages until the channel ends, checking that
 * message k is the int k repeated over a length of k % 50 + 1 ints ----- */

typedef struct drain_frame {
    ac_frame hdr;
    long ac_result; /* messages received in order, or -1 on a bad one */
    ac_channel *ch;
    void *aw;
    ssize_t n;
    int buf[64];
} drain_frame;

static void drain_drop(ac_frame *f)
{
    drain_frame *fr = (drain_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

static int drain_resume(ac_frame *f)
{
    drain_frame *fr = (drain_frame *)f;
    switch (f->state) {
    case 0:
        for (;;) {
            T_AWAIT_INTO(f, fr->aw,
                         ac_channel_recv(fr->ch, fr->buf, sizeof fr->buf), 1,
                         fr->n, fail);
            if (fr->n < 0)
                break;
            long k = fr->ac_result;
            if (fr->n != (ssize_t)((k % 50 + 1) * sizeof(int)))
                goto bad;
            for (size_t i = 0; i < (size_t)fr->n / sizeof(int); i++)
                if (fr->buf[i] != (int)k)
                    goto bad;
            fr->ac_result++;
        }
    }
    return AC_RETURNED;
bad:
    fr->ac_result = -1;
    return AC_RETURNED;
fail:
    drain_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(drain_code, "drain", drain_frame, drain_resume, drain_drop);

static ac_coro *drain_channel(ac_channel *ch)
{
    drain_frame *fr = (drain_frame *)ac__frame_new(&drain_code);
    fr->ch = ch;
    return (ac_coro *)fr;
}

static void send_numbered(ac_channel *ch, int k)
{
    int msg[64];
    size_t len = (size_t)(k % 50 + 1);
    for (size_t i = 0; i < len; i++)
        msg[i] = k;
    CU_ASSERT_EQUAL(ac_channel_send(ch, msg, len * sizeof(int)), 0);
}

static void test_queued_then_closed(void)
{
    ac_channel *ch = ac_channel_new();
    for (int k = 0; k < 100; k++)
        send_numbered(ch, k);
    ac_channel_close(ch);
    CU_ASSERT_EQUAL(ac_channel_send(ch, "x", 1), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT(ac_exc_matches(e, &ac_RuntimeError));
    ac_decref(e);
    ac_loop *loop = ac_loop_new();
    long got = 0;
    run_ok(loop, drain_channel(ch), &got);
    CU_ASSERT_EQUAL(got, 100);
    ssize_t n = 0;
    char buf[4];
    run_ok(loop, ac_channel_recv(ch, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, -1); /* still the end */
    ac_loop_free(loop);
    ac_channel_free(ch);
}

static void test_oversized_message_stays(void)
{
    ac_channel *ch = ac_channel_new();
    CU_ASSERT_EQUAL(ac_channel_send(ch, "0123456789", 10), 0);
    ac_loop *loop = ac_loop_new();
    char small[4], big[16];
    ac_exc *e = run_raises(loop, ac_channel_recv(ch, small, sizeof small),
                           &ac_ValueError);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "message of 10 bytes does not fit in 4");
    ac_decref(e);
    ssize_t n = 0;
    run_ok(loop, ac_channel_recv(ch, big, sizeof big), &n);
    CU_ASSERT_EQUAL(n, 10);
    CU_ASSERT_NSTRING_EQUAL(big, "0123456789", 10);
    CU_ASSERT_EQUAL(ac_channel_send(ch, "", 0), 0); /* empty is a message */
    run_ok(loop, ac_channel_recv(ch, big, sizeof big), &n);
    CU_ASSERT_EQUAL(n, 0);
    ac_loop_free(loop);
    ac_channel_free(ch);
}

typedef struct producer_arg {
    ac_channel *ch;
    int count;
} producer_arg;

static void *producer(void *p)
{
    producer_arg *a = p;
    for (int k = 0; k < a->count; k++) {
        send_numbered(a->ch, k);
        if (k % 1000 == 0)
            usleep(1000); /* let the receiver park now and then */
    }
    ac_channel_close(a->ch);
    return NULL;
}

/* The receiver parks on its loop; another thread's sends wake it. */
static void test_other_thread_wakes_receiver(void)
{
    ac_channel *ch = ac_channel_new();
    ac_loop *loop = ac_loop_new();
    producer_arg a = {ch, 20000};
    pthread_t th;
    pthread_create(&th, NULL, producer, &a);
    long got = 0;
    run_ok(loop, drain_channel(ch), &got);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(got, 20000);
    ac_loop_free(loop);
    ac_channel_free(ch);
}

static void test_cancelled_receiver_unlinks(void)
{
    ac_channel *ch = ac_channel_new();
    ac_loop *loop = ac_loop_new();
    char buf[8];
    ac_task *t =
        ac_loop_create_task(loop, ac_channel_recv(ch, buf, sizeof buf), NULL);
    run_ok(loop, ac_sleep(0.01), NULL);
    ac_task_cancel(t, NULL);
    ac_incref(t);
    ac_exc *e = run_raises(loop, t, &ac_CancelledError);
    ac_decref(e);
    ac_decref(t);
    CU_ASSERT_EQUAL(ac_channel_send(ch, "after", 5), 0);
    ssize_t n = 0;
    run_ok(loop, ac_channel_recv(ch, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 5);
    ac_loop_free(loop);
    ac_channel_free(ch);
}

/* ---- worker loops: square the numbers of a job channel --------------- */

typedef struct jobs {
    ac_channel *in, *out;
    int per_worker[8];
} jobs;

typedef struct square_frame {
    ac_frame hdr;
    jobs *j;
    size_t index;
    void *aw;
    ssize_t n;
    long job;
} square_frame;

static void square_drop(ac_frame *f)
{
    square_frame *fr = (square_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

static int square_resume(ac_frame *f)
{
    square_frame *fr = (square_frame *)f;
    switch (f->state) {
    case 0:
        for (;;) {
            T_AWAIT_INTO(f, fr->aw,
                         ac_channel_recv(fr->j->in, &fr->job, sizeof fr->job),
                         1, fr->n, fail);
            if (fr->n < 0)
                break;
            long sq = fr->job * fr->job;
            if (ac_channel_send(fr->j->out, &sq, sizeof sq) < 0)
                goto fail;
            fr->j->per_worker[fr->index]++;
            /* A real suspension between jobs: the loops interleave. */
            T_AWAIT(f, fr->aw, ac_sleep(0), 2, fail);
        }
    }
    return AC_RETURNED;
fail:
    square_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(square_code, "square", square_frame, square_resume,
                   square_drop);

static ac_coro *square_worker(size_t index, void *arg)
{
    square_frame *fr = (square_frame *)ac__frame_new(&square_code);
    fr->j = arg;
    fr->index = index;
    return (ac_coro *)fr;
}

static void test_workers_split_jobs(void)
{
    jobs j = {ac_channel_new(), ac_channel_new(), {0}};
    for (long k = 1; k <= 2000; k++)
        ac_channel_send(j.in, &k, sizeof k);
    ac_channel_close(j.in);
    CU_ASSERT_EQUAL(ac_workers_run(4, square_worker, &j), 0);
    ac_channel_close(j.out);
    int done = 0;
    for (int i = 0; i < 4; i++)
        done += j.per_worker[i];
    CU_ASSERT_EQUAL(done, 2000);
    ac_loop *loop = ac_loop_new();
    long sum = 0, sq = 0;
    ssize_t n;
    for (;;) {
        run_ok(loop, ac_channel_recv(j.out, &sq, sizeof sq), &n);
        if (n < 0)
            break;
        sum += sq;
    }
    CU_ASSERT_EQUAL(sum, 2000L * 2001 * 4001 / 6);
    ac_loop_free(loop);
    ac_channel_free(j.in);
    ac_channel_free(j.out);
}

/* A worker whose coroutine raises: the first by index is reported. */
static void test_workers_report_exception(void)
{
    jobs j = {ac_channel_new(), ac_channel_new(), {0}};
    ac_channel_send(j.in, "too long for a long", 20);
    ac_channel_close(j.in);
    CU_ASSERT_EQUAL(ac_workers_run(2, square_worker, &j), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT(ac_exc_matches(e, &ac_ValueError));
    ac_decref(e);
    ac_channel_free(j.in);
    ac_channel_free(j.out);
}

/* ---- ping-pong between two worker loops ------------------------------ */

typedef struct pingpong {
    ac_channel *a, *b;
    int rounds;
    int ok;
} pingpong;

typedef struct pp_frame {
    ac_frame hdr;
    pingpong *p;
    size_t index;
    int i, v;
    ssize_t n;
    void *aw;
} pp_frame;

static void pp_drop(ac_frame *f)
{
    pp_frame *fr = (pp_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

static int pp_resume(ac_frame *f)
{
    pp_frame *fr = (pp_frame *)f;
    ac_channel *mine = fr->index == 0 ? fr->p->b : fr->p->a;
    ac_channel *theirs = fr->index == 0 ? fr->p->a : fr->p->b;
    switch (f->state) {
    case 0:
        for (fr->i = 0; fr->i < fr->p->rounds; fr->i++) {
            if (fr->index == 0 &&
                ac_channel_send(theirs, &fr->i, sizeof fr->i) < 0)
                goto fail;
            T_AWAIT_INTO(f, fr->aw, ac_channel_recv(mine, &fr->v, sizeof fr->v),
                         1, fr->n, fail);
            if (fr->n != sizeof fr->v || fr->v != fr->i)
                return AC_RETURNED; /* ok stays short of rounds */
            if (fr->index == 1 &&
                ac_channel_send(theirs, &fr->v, sizeof fr->v) < 0)
                goto fail;
            if (fr->index == 0)
                fr->p->ok++;
        }
    }
    return AC_RETURNED;
fail:
    pp_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(pp_code, "pingpong", pp_frame, pp_resume, pp_drop);

static ac_coro *pp_worker(size_t index, void *arg)
{
    pp_frame *fr = (pp_frame *)ac__frame_new(&pp_code);
    fr->p = arg;
    fr->index = index;
    return (ac_coro *)fr;
}

static void test_ping_pong_between_loops(void)
{
    pingpong p = {ac_channel_new(), ac_channel_new(), 2000, 0};
    CU_ASSERT_EQUAL(ac_workers_run(2, pp_worker, &p), 0);
    CU_ASSERT_EQUAL(p.ok, 2000);
    ac_channel_free(p.a);
    ac_channel_free(p.b);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("channel", NULL, NULL);
    CU_add_test(s, "queued_then_closed", test_queued_then_closed);
    CU_add_test(s, "oversized_message_stays", test_oversized_message_stays);
    CU_add_test(s, "other_thread_wakes_receiver",
                test_other_thread_wakes_receiver);
    CU_add_test(s, "cancelled_receiver_unlinks",
                test_cancelled_receiver_unlinks);
    CU_add_test(s, "workers_split_jobs", test_workers_split_jobs);
    CU_add_test(s, "workers_report_exception", test_workers_report_exception);
    CU_add_test(s, "ping_pong_between_loops", test_ping_pong_between_loops);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
