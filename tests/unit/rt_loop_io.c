/* rt_loop_io.c - the loop's fd table against the poller: every ready fd
 * delivered in one iteration; the runtime's own sockets, whose
 * registrations narrow two waits late and leave the table when the runtime
 * closes them; anybody else's fd, unregistered at once. */
#include "rt_loop_util.h"

#include <stdbool.h>
#include <sys/socket.h>

#include "loop/loop.h"
#include "io/sock.h"

static void stop_loop(void *arg)
{
    ac_loop_stop(arg);
}

/* One iteration: the stop handle is ready, so the poller does not block,
 * and the loop stops after the handles that were ready then. */
static void run_one_iteration(ac_loop *loop)
{
    ac_call_soon(loop, stop_loop, loop);
    ac_loop_run_forever(loop);
}

typedef struct counter {
    ac_loop *loop;
    int fd;
    int calls;
} counter;

static void count_and_unwatch(void *arg)
{
    counter *c = arg;
    c->calls++;
    ac__loop_remove_reader(c->loop, c->fd);
}

enum { NPIPES = 300 };

/* More ready fds than the poller's first event buffer holds (64) are all
 * delivered by one wait, as asyncio's selector does: a port scan's
 * thousands of refused connects do not wait 64 per iteration. */
static void test_all_ready_in_one_iteration(void)
{
    ac_loop *loop = ac_loop_new();
    int p[NPIPES][2];
    counter c[NPIPES];
    int total = 0;
    for (int i = 0; i < NPIPES; i++) {
        CU_ASSERT_EQUAL_FATAL(pipe(p[i]), 0);
        CU_ASSERT_EQUAL(write(p[i][1], "x", 1), 1);
        c[i] = (counter){loop, p[i][0], 0};
        CU_ASSERT_EQUAL(
            ac__loop_add_reader(loop, p[i][0], count_and_unwatch, &c[i]), 0);
    }
    run_one_iteration(loop);
    for (int i = 0; i < NPIPES; i++)
        total += c[i].calls;
    CU_ASSERT_EQUAL(total, NPIPES);
    for (int i = 0; i < NPIPES; i++) {
        close(p[i][0]);
        close(p[i][1]);
    }
    ac_loop_free(loop);
}

/* A loop watching, as a socket of the runtime's, the read end of a pipe
 * that holds a byte nobody reads (it stays readable), with a watcher that
 * counts and unwatches. */
typedef struct fixture {
    ac_loop *loop;
    size_t registered_before; /* the loop's registrations before the pipe */
    int p[2];
    counter c;
} fixture;

static void fixture_open(fixture *fx)
{
    fx->loop = ac_loop_new();
    fx->registered_before = fx->loop->nregistered;
    CU_ASSERT_EQUAL_FATAL(pipe(fx->p), 0);
    CU_ASSERT_EQUAL(write(fx->p[1], "x", 1), 1);
    fx->c = (counter){fx->loop, fx->p[0], 0};
    CU_ASSERT_EQUAL(ac__loop_add_owned(fx->loop, fx->p[0], AC__IO_READ,
                                       count_and_unwatch, &fx->c),
                    0);
}

static void fixture_close(fixture *fx)
{
    close(fx->p[0]);
    close(fx->p[1]);
    ac_loop_free(fx->loop);
}

/* A removed watcher leaves its registration until the second wait after:
 * the poller may report the fd to nobody meanwhile (ignored); then it is
 * trimmed and the loop's count of registrations is back. */
static void test_trimmed_two_waits_late(void)
{
    fixture fx;
    fixture_open(&fx);
    int fd = fx.p[0];
    CU_ASSERT_EQUAL(fx.loop->fds[fd].mask, AC__IO_READ);
    CU_ASSERT_EQUAL(fx.loop->nregistered, fx.registered_before + 1);
    run_one_iteration(fx.loop); /* the watcher runs and removes itself */
    CU_ASSERT_EQUAL(fx.c.calls, 1);
    CU_ASSERT_EQUAL(fx.loop->fds[fd].mask, AC__IO_READ);
    run_one_iteration(fx.loop); /* reported ready again, to nobody */
    CU_ASSERT_EQUAL(fx.c.calls, 1);
    CU_ASSERT_EQUAL(fx.loop->fds[fd].mask, AC__IO_READ);
    run_one_iteration(fx.loop); /* trimmed before this wait */
    CU_ASSERT_EQUAL(fx.c.calls, 1);
    CU_ASSERT_EQUAL(fx.loop->fds[fd].mask, 0);
    CU_ASSERT_EQUAL(fx.loop->nregistered, fx.registered_before);
    fixture_close(&fx);
}

/* Watching the fd again within the grace keeps the registration, and the
 * new watcher is called (no trim takes it away). */
static void test_watched_again_in_grace(void)
{
    fixture fx;
    fixture_open(&fx);
    run_one_iteration(fx.loop);
    CU_ASSERT_EQUAL(fx.c.calls, 1);
    CU_ASSERT_EQUAL(ac__loop_add_owned(fx.loop, fx.p[0], AC__IO_READ,
                                       count_and_unwatch, &fx.c),
                    0);
    run_one_iteration(fx.loop);
    run_one_iteration(fx.loop);
    CU_ASSERT_EQUAL(fx.c.calls, 2);
    CU_ASSERT_EQUAL(ac__loop_add_owned(fx.loop, fx.p[0], AC__IO_READ,
                                       count_and_unwatch, &fx.c),
                    0);
    run_one_iteration(fx.loop);
    CU_ASSERT_EQUAL(fx.c.calls, 3);
    fixture_close(&fx);
}

typedef struct closing {
    ac_loop *loop;
    int fd;
    int mask_after_close;
} closing;

/* The watcher is done with its socket and the runtime closes it. */
static void unwatch_and_close(void *arg)
{
    closing *c = arg;
    ac__loop_remove_reader(c->loop, c->fd);
    ac__sock_close(c->fd);
    c->mask_after_close = c->loop->fds[c->fd].mask;
    ac_loop_stop(c->loop);
}

static void flag(void *arg)
{
    (*(int *)arg)++;
}

/* A socket closed by the runtime left the kernel's epoll set with the
 * close: its slot forgets the registration at once (nothing to trim), and
 * a new socket given the same number is watched from scratch. */
static void test_runtime_close_forgets(void)
{
    ac_loop *loop = ac_loop_new();
    size_t before = loop->nregistered;
    int a[2], b[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
    CU_ASSERT_EQUAL(write(a[1], "x", 1), 1);
    closing c = {loop, a[0], -1};
    CU_ASSERT_EQUAL(
        ac__loop_add_owned(loop, a[0], AC__IO_READ, unwatch_and_close, &c), 0);
    ac_call_later(loop, 2.0, stop_loop, loop); /* bounded if it failed */
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(c.mask_after_close, 0);
    CU_ASSERT_EQUAL(loop->nregistered, before);
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
    CU_ASSERT_EQUAL_FATAL(b[0], c.fd); /* the lowest free number again */
    int calls = 0;
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, b[0], flag, &calls), 0);
    CU_ASSERT_EQUAL(write(b[1], "y", 1), 1);
    run_one_iteration(loop);
    CU_ASSERT_EQUAL(calls, 1);
    ac__loop_remove_reader(loop, b[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    ac_loop_free(loop);
}

typedef struct rewatch {
    ac_loop *loop;
    int fd;
    bool owned;
    int calls;
} rewatch;

static void add(rewatch *w, void (*cb)(void *));

/* Called once per readable wake: unwatches, then watches again at once,
 * as a stream reading request after request does, three times. */
static void read_and_rewatch(void *arg)
{
    rewatch *w = arg;
    char c;
    CU_ASSERT_EQUAL(read(w->fd, &c, 1), 1);
    ac__loop_remove_reader(w->loop, w->fd);
    if (++w->calls < 3)
        add(w, read_and_rewatch);
    else
        ac_loop_stop(w->loop);
}

static void add(rewatch *w, void (*cb)(void *))
{
    int rc = w->owned ? ac__loop_add_owned(w->loop, w->fd, AC__IO_READ, cb, w)
                      : ac__loop_add_reader(w->loop, w->fd, cb, w);
    CU_ASSERT_EQUAL(rc, 0);
}

/* How many times the poller is asked to change registrations while an fd
 * is watched again and again within the grace. */
static size_t updates_rewatching(bool owned)
{
    ac_loop *loop = ac_loop_new();
    int p[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, p), 0);
    CU_ASSERT_EQUAL(write(p[1], "abc", 3), 3);
    rewatch w = {loop, p[0], owned, 0};
    size_t before = loop->npoller_updates;
    add(&w, read_and_rewatch);
    ac_call_later(loop, 2.0, stop_loop, loop); /* bounded if it failed */
    ac_loop_run_forever(loop);
    CU_ASSERT_EQUAL(w.calls, 3);
    size_t n = loop->npoller_updates - before;
    close(p[0]);
    close(p[1]);
    ac_loop_free(loop);
    return n;
}

/* A socket of the runtime's keeps its registration across the waits (one
 * registration in all); anybody else's fd is unregistered after each wait
 * and registered again at the next (two updates a wait). */
static void test_owned_fd_rewatched_free(void)
{
    CU_ASSERT_EQUAL(updates_rewatching(true), 1);
    CU_ASSERT_EQUAL(updates_rewatching(false), 6);
}

/* A user's fd, dup'd, waited on and closed at once: its registration went
 * with the wait (had it lagged, epoll would go on reporting the closed
 * number for the file the dup keeps open, to whatever watches the number
 * next). */
static void test_user_fd_unregistered_at_once(void)
{
    ac_loop *loop = ac_loop_new();
    int p[2], q[2];
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    CU_ASSERT_EQUAL(write(p[1], "x", 1), 1); /* p[0] stays readable */
    int d = dup(p[0]);
    CU_ASSERT_TRUE_FATAL(d >= 0);
    counter c = {loop, d, 0};
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, d, count_and_unwatch, &c), 0);
    run_one_iteration(loop);
    CU_ASSERT_EQUAL(c.calls, 1);
    CU_ASSERT_EQUAL(loop->fds[d].mask, 0);
    close(d);
    CU_ASSERT_EQUAL_FATAL(pipe(q), 0);
    CU_ASSERT_EQUAL_FATAL(q[0], d); /* the number again, nothing to read */
    int calls = 0;
    CU_ASSERT_EQUAL(ac__loop_add_reader(loop, q[0], flag, &calls), 0);
    run_one_iteration(loop);
    run_one_iteration(loop);
    CU_ASSERT_EQUAL(calls, 0);
    ac__loop_remove_reader(loop, q[0]);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    ac_loop_free(loop);
}

/* The kernel handing the runtime a number forgets a registration that
 * lagged under it (the file it was for is closed). */
static void test_opened_forgets_stale(void)
{
    fixture fx;
    fixture_open(&fx);
    run_one_iteration(fx.loop);
    CU_ASSERT_EQUAL(fx.loop->fds[fx.p[0]].mask, AC__IO_READ); /* lagging */
    ac__loop_io_opened(fx.loop, fx.p[0]);
    CU_ASSERT_EQUAL(fx.loop->fds[fx.p[0]].mask, 0);
    fixture_close(&fx);
}

int main(void)
{
    static const test_case tests[] = {
        {"every ready fd in one iteration", test_all_ready_in_one_iteration},
        {"a removed watcher is trimmed two waits late",
         test_trimmed_two_waits_late},
        {"watched again within the grace", test_watched_again_in_grace},
        {"a socket the runtime closes is forgotten at once",
         test_runtime_close_forgets},
        {"a socket of the runtime's watched again costs no update",
         test_owned_fd_rewatched_free},
        {"a number handed out again forgets what lagged under it",
         test_opened_forgets_stale},
        {"a user's fd is unregistered at once",
         test_user_fd_unregistered_at_once},
        {NULL, NULL}};
    return run_suite("loop_io", tests);
}
