/* rt_loop_busy.c - a loop with ready work polls the kernel only every
 * AC__POLL_EVERY iterations, and still notices I/O within that many: a
 * task spinning on sleep(0) while a socket becomes readable; an idle loop
 * polls at once; a due timer makes the loop poll. */
#include "rt_loop_util.h"

#include <sys/socket.h>

#include "loop/loop.h"

/* The spinner's view of the world: how many sleep(0)s it made, and at
 * which of them the reader ran (-1: not yet). */
typedef struct spin_state {
    long iterations;
    long write_at; /* the peer writes at this iteration (-1: never) */
    int peer;      /* the socket written to */
    long reader_ran_at;
    long limit; /* bound on the loop: the test fails rather than hangs */
} spin_state;

/* async void spinner(spin_state *s) {
 *     while (s->reader_ran_at < 0 && s->iterations < s->limit) {
 *         if (s->iterations == s->write_at) write(s->peer, "x", 1);
 *         await ac_sleep(0); s->iterations++; } } */
typedef struct spinner_frame {
    ac_frame hdr;
    spin_state *s;
    void *aw;
} spinner_frame;

static int spinner_resume(ac_frame *f)
{
    spinner_frame *fr = (spinner_frame *)f;
    spin_state *s = fr->s;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    while (s->reader_ran_at < 0 && s->iterations < s->limit) {
        if (s->iterations == s->write_at)
            CU_ASSERT_EQUAL(write(s->peer, "x", 1), 1);
        AWAIT(f, fr->aw, ac_sleep(0), 1, NULL, 0, fail);
        s->iterations++;
    }
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void spinner_drop(ac_frame *f)
{
    spinner_frame *fr = (spinner_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(spinner_code, "spinner", spinner_frame, spinner_resume, spinner_drop,
          0, 0);

static ac_coro *spinner(spin_state *s)
{
    spinner_frame *fr = (spinner_frame *)ac__frame_new(&spinner_code);
    fr->s = s;
    return (ac_coro *)fr;
}

typedef struct reader_arg {
    ac_loop *loop;
    int fd;
    spin_state *s;
} reader_arg;

static void on_readable(void *arg)
{
    reader_arg *r = arg;
    char c;
    CU_ASSERT_EQUAL(read(r->fd, &c, 1), 1);
    r->s->reader_ran_at = r->s->iterations;
    ac__loop_remove_reader(r->loop, r->fd);
}

/* Spins until the reader ran; returns the poller waits it took. */
static size_t spin_with_reader(spin_state *s)
{
    ac_loop *loop = ac_loop_new();
    int p[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, p), 0);
    s->peer = p[1];
    reader_arg r = {loop, p[0], s};
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, p[0], on_readable, &r), 0);
    size_t before = loop->npoller_waits;
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, spinner(s), NULL), 0);
    size_t waits = loop->npoller_waits - before;
    ac__loop_remove_reader(loop, p[0]);
    close(p[0]);
    close(p[1]);
    ac_loop_free(loop);
    return waits;
}

/* The socket becomes readable at iteration 100 (and at 5, before the
 * first skipped poll is over): the reader runs within AC__POLL_EVERY
 * iterations of it, though the task never lets the ready queue empty. */
static void test_readable_within_bound(void)
{
    static const long write_at[] = {5, 100, 1000 + AC__POLL_EVERY / 2};
    for (size_t i = 0; i < sizeof write_at / sizeof *write_at; i++) {
        spin_state s = {0, write_at[i], -1, -1, 100000};
        spin_with_reader(&s);
        CU_ASSERT(s.reader_ran_at >= write_at[i]);
        CU_ASSERT(s.reader_ran_at <= write_at[i] + AC__POLL_EVERY);
    }
}

/* 10,000 sleep(0)s of one task: one wait per AC__POLL_EVERY iterations
 * (and a few for the start and the end), not one per iteration. */
static void test_polls_counted(void)
{
    enum { N = 10000 };
    spin_state s = {0, -1, -1, -1, N};
    size_t waits = spin_with_reader(&s);
    CU_ASSERT_EQUAL(s.iterations, N);
    CU_ASSERT(waits >= N / AC__POLL_EVERY);
    CU_ASSERT(waits <= N / AC__POLL_EVERY + 4);
}

static void count_call(void *arg)
{
    (*(int *)arg)++;
}

typedef struct timer_chain {
    ac_loop *loop;
    int left;
    size_t waits_seen[5];
} timer_chain;

/* A chain of timers of delay 0, each scheduled by the previous one. */
static void next_timer(void *arg)
{
    timer_chain *c = arg;
    c->waits_seen[5 - c->left] = c->loop->npoller_waits;
    if (--c->left > 0)
        ac_call_later(c->loop, 0, next_timer, c);
    else
        ac_loop_stop(c->loop);
}

/* Nothing ready at the start of an iteration: it waits (the loop sleeps
 * there), so each timer of the timer_chain ran after a wait of its own. */
static void test_idle_loop_polls_each_iteration(void)
{
    ac_loop *loop = ac_loop_new();
    timer_chain c = {loop, 5, {0}};
    ac_call_later(loop, 0, next_timer, &c);
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(c.left, 0);
    for (int i = 1; i < 5; i++)
        CU_ASSERT_EQUAL(c.waits_seen[i], c.waits_seen[i - 1] + 1);
    ac_loop_free(loop);
}

typedef struct requeue {
    ac_loop *loop;
    int left;
    int timer_calls;
} requeue;

/* 20 iterations of busy work; at the 10th a timer of delay 0 is
 * scheduled (due at the next iteration); the last stops the loop. */
static void call_again(void *arg)
{
    requeue *q = arg;
    if (--q->left == 10)
        ac_call_later(q->loop, 0, count_call, &q->timer_calls);
    if (q->left > 0)
        ac_call_soon(q->loop, call_again, q);
    else
        ac_loop_stop(q->loop);
}

/* A timer that falls due while callbacks keep the queue busy makes that
 * iteration poll, as asyncio would before running it: 2 waits in 20
 * iterations (the first iteration's and the timer's). */
static void test_due_timer_polls(void)
{
    ac_loop *loop = ac_loop_new();
    requeue q = {loop, 20, 0};
    ac_call_soon(loop, call_again, &q);
    size_t before = loop->npoller_waits;
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(q.timer_calls, 1);
    CU_ASSERT_EQUAL(q.left, 0);
    CU_ASSERT_EQUAL(loop->npoller_waits - before, 2);
    ac_loop_free(loop);
}

int main(void)
{
    static const test_case tests[] = {
        {"readable while a task spins: seen within the bound",
         test_readable_within_bound},
        {"a spinning task polls once per AC__POLL_EVERY iterations",
         test_polls_counted},
        {"an idle loop polls every iteration",
         test_idle_loop_polls_each_iteration},
        {"due timers run while callbacks keep the queue busy",
         test_due_timer_polls},
        {NULL, NULL}};
    return run_suite("loop_busy", tests);
}
