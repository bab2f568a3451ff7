/* rt_io_cancel.c - I/O errors, timeouts and cancellation on the loop:
 * connection refused, reset by peer, wait_for timeouts on connect and
 * read, a task cancelled mid-read and mid-connect (its watcher removed, its
 * "finally" run), close while a read waits, server close and serve_forever;
 * the descriptor count is checked after each. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop/loop.h"
#include "rt_io_util.h"
#include "io/sock.h"
#include "io/stream.h"

static int free_port(void)
{
    int fd = ac__sock_listen("127.0.0.1", 0, 1);
    int port = ac__sock_port(fd);
    ac__sock_close(fd);
    return port;
}

static ac_stream *connect_raw(ac_loop *loop, int *listener, int *peer)
{
    *listener = ac__sock_listen("127.0.0.1", 0, 8);
    ac_stream *s = NULL;
    run_ok(loop, ac_open_connection("127.0.0.1", ac__sock_port(*listener)), &s);
    struct pollfd p = {*listener, POLLIN, 0};
    poll(&p, 1, 2000);
    *peer = ac__sock_accept(*listener);
    CU_ASSERT_FATAL(*peer >= 0 && s != NULL);
    return s;
}

/* No watcher left on fd in loop's table. */
static int watched(ac_loop *loop, int fd)
{
    if (fd < 0 || (size_t)fd >= loop->nfds)
        return 0;
    return loop->fds[fd].reader != NULL || loop->fds[fd].writer != NULL;
}

static void test_connection_refused(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    int port = free_port();
    ac_exc *e = run_raises(loop, ac_open_connection("127.0.0.1", port),
                           &ac_ConnectionRefusedError);
    char want[100];
    snprintf(want, sizeof want,
             "[Errno %d] Connect call failed ('127.0.0.1', %d)", ECONNREFUSED,
             port);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), want);
    CU_ASSERT_EQUAL(ac_exc_errno(e), ECONNREFUSED);
    ac_decref(e);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* A name goes through getaddrinfo in the executor. */
static void test_connect_by_name(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    l = ac__sock_listen("127.0.0.1", 0, 8);
    ac_stream *s = NULL;
    run_ok(loop, ac_open_connection("localhost", ac__sock_port(l)), &s);
    CU_ASSERT_PTR_NOT_NULL(s);
    peer = accept(l, NULL, NULL);
    CU_ASSERT(peer >= 0);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_exc *e = run_raises(loop, ac_open_connection("no-such-host.invalid", 80),
                           &ac_OSError);
    ac_decref(e);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

static void test_reset_by_peer_on_read_and_drain(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    CU_ASSERT_EQUAL(ac_stream_write(s, "unread", 6), 0);
    run_ok(loop, ac_stream_drain(s), NULL);
    usleep(20000);
    close(peer); /* unread data: the peer resets */
    char buf[8];
    ac_exc *e = run_raises(loop, ac_stream_read(s, buf, sizeof buf),
                           &ac_ConnectionResetError);
    char want[80];
    snprintf(want, sizeof want, "[Errno %d] Connection reset by peer",
             ECONNRESET);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), want);
    ac_decref(e);
    /* Writing to the dead connection fails now or at drain. */
    int w = 0;
    for (int i = 0; i < 3 && w == 0; i++)
        w = ac_stream_write(s, "more", 4);
    if (w == 0) {
        e = run_raises(loop, ac_stream_drain(s), &ac_ConnectionError);
    } else {
        e = ac_err_fetch();
        CU_ASSERT(ac_exc_matches(e, &ac_ConnectionError));
    }
    ac_decref(e);
    ac_decref(s);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

static void test_read_timeout_keeps_stream_usable(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char buf[8];
    double t0 = ac_loop_time(loop);
    ac_exc *e =
        run_raises(loop, ac_wait_for(ac_stream_read(s, buf, sizeof buf), 0.1),
                   &ac_TimeoutError);
    ac_decref(e);
    CU_ASSERT(ac_loop_time(loop) - t0 >= 0.09);
    CU_ASSERT(!watched(loop, s->fd));
    CU_ASSERT_EQUAL(write(peer, "late", 4), 4);
    ssize_t n = -1;
    run_ok(loop, ac_stream_read(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 4);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

static void test_cancel_mid_read_runs_finally(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char buf[8];
    guard_state st = {0, 0, NULL};
    ac_task *t = ac_loop_create_task(
        loop, guard(ac_stream_read(s, buf, sizeof buf), &st), NULL);
    run_ok(loop, ac_sleep(0.02), NULL);
    CU_ASSERT(watched(loop, s->fd));
    CU_ASSERT(ac_task_cancel(t, "stop reading"));
    ac_incref(t);
    ac_exc *e = run_raises(loop, t, &ac_CancelledError);
    ac_decref(e);
    CU_ASSERT(ac_task_cancelled(t));
    ac_decref(t);
    CU_ASSERT_EQUAL(st.finally_ran, 1);
    CU_ASSERT_PTR_EQUAL(st.type, &ac_CancelledError);
    CU_ASSERT(!watched(loop, s->fd));
    /* The stream still works: a new read gets what comes next. */
    CU_ASSERT_EQUAL(write(peer, "ok", 2), 2);
    ssize_t n = -1;
    run_ok(loop, ac_stream_read(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 2);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* A listener with a full backlog that never accepts: a further connect
 * stays in progress (its SYN is dropped), so it can be cancelled. */
static int clogged_listener(int *first_client)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    ac_sockaddr sa;
    ac__sock_addr("127.0.0.1", 0, &sa);
    bind(l, (struct sockaddr *)&sa.ss, sa.len);
    listen(l, 0);
    int port = ac__sock_port(l);
    ac__sock_addr("127.0.0.1", port, &sa);
    *first_client = socket(AF_INET, SOCK_STREAM, 0);
    connect(*first_client, (struct sockaddr *)&sa.ss, sa.len);
    int second = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(second, (struct sockaddr *)&sa.ss, sa.len);
    usleep(10000);
    close(second);
    return l;
}

static void test_cancel_mid_connect(void)
{
    int before = count_fds(), first;
    ac_loop *loop = ac_loop_new();
    int l = clogged_listener(&first);
    int port = ac__sock_port(l);
    int fds_now = count_fds();
    guard_state st = {0, 0, NULL};
    ac_task *t = ac_loop_create_task(
        loop, guard(ac_open_connection("127.0.0.1", port), &st), NULL);
    run_ok(loop, ac_sleep(0.05), NULL);
    CU_ASSERT_FALSE(ac_task_done(t)); /* still connecting */
    CU_ASSERT_EQUAL(count_fds(), fds_now + 1);
    ac_task_cancel(t, NULL);
    ac_incref(t);
    ac_exc *e = run_raises(loop, t, &ac_CancelledError);
    ac_decref(e);
    ac_decref(t);
    CU_ASSERT_EQUAL(st.finally_ran, 1);
    CU_ASSERT_EQUAL(count_fds(), fds_now); /* the connecting socket closed */
    /* wait_for on a connect that cannot finish: TimeoutError, no leak. */
    e = run_raises(loop,
                   ac_wait_for(ac_open_connection("127.0.0.1", port), 0.1),
                   &ac_TimeoutError);
    ac_decref(e);
    CU_ASSERT_EQUAL(count_fds(), fds_now);
    close(first);
    close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Closing a stream while a read waits: the read sees end of stream, the
 * descriptor closes once it is out, wait_closed returns. */
static void test_close_while_reading(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char buf[8];
    ac_task *t = ac_loop_create_task(loop, ac_stream_read(s, buf, 8), NULL);
    run_ok(loop, ac_sleep(0.01), NULL);
    ac_stream_close(s);
    ssize_t n = -1;
    ac_incref(t);
    run_ok(loop, t, &n);
    ac_decref(t);
    CU_ASSERT_EQUAL(n, 0);
    run_ok(loop, ac_stream_wait_closed(s), NULL);
    CU_ASSERT_EQUAL(s->fd, -1);
    CU_ASSERT_EQUAL(ac_stream_write(s, "x", 1), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT(ac_exc_matches(e, &ac_RuntimeError));
    ac_decref(e);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Data written before close is still delivered (the flusher finishes
 * first), then the peer sees end of stream. */
static void test_close_flushes_pending_data(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    size_t size = 8u << 20;
    unsigned char *data = malloc(size), *got = malloc(size);
    for (size_t i = 0; i < size; i++)
        data[i] = (unsigned char)(i * 13 + (i >> 12));
    CU_ASSERT_EQUAL(ac_stream_write(s, data, size), 0);
    CU_ASSERT(ac__buf_len(&s->wbuf) > 0); /* more than the socket takes */
    ac_stream_close(s);
    size_t have = 0;
    for (int i = 0; i < 10000 && have < size; i++) {
        run_ok(loop, ac_sleep(0), NULL);
        ssize_t r;
        while ((r = recv(peer, got + have, size - have, MSG_DONTWAIT)) > 0)
            have += (size_t)r;
    }
    CU_ASSERT_EQUAL(have, size);
    CU_ASSERT(memcmp(data, got, size) == 0);
    run_ok(loop, ac_stream_wait_closed(s), NULL);
    char c;
    CU_ASSERT_EQUAL(recv(peer, &c, 1, 0), 0);
    free(data);
    free(got);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* A drain cancelled while the peer reads nothing: the waiter goes, the
 * queued bytes do not (the flusher still sends them all). */
static void test_cancel_mid_drain_keeps_data(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    size_t size = 8u << 20;
    unsigned char *data = malloc(size), *got = malloc(size);
    for (size_t i = 0; i < size; i++)
        data[i] = (unsigned char)(i * 7 + (i >> 10));
    CU_ASSERT_EQUAL(ac_stream_write(s, data, size), 0);
    guard_state st = {0, 0, NULL};
    ac_task *t =
        ac_loop_create_task(loop, guard(ac_stream_drain(s), &st), NULL);
    run_ok(loop, ac_sleep(0.02), NULL);
    CU_ASSERT_FALSE(ac_task_done(t)); /* the peer reads nothing yet */
    ac_task_cancel(t, NULL);
    ac_incref(t);
    ac_exc *e = run_raises(loop, t, &ac_CancelledError);
    ac_decref(e);
    ac_decref(t);
    CU_ASSERT_EQUAL(st.finally_ran, 1);
    size_t have = 0;
    for (int i = 0; i < 10000 && have < size; i++) {
        run_ok(loop, ac_sleep(0), NULL);
        ssize_t r;
        while ((r = recv(peer, got + have, size - have, MSG_DONTWAIT)) > 0)
            have += (size_t)r;
    }
    CU_ASSERT_EQUAL(have, size);
    CU_ASSERT(memcmp(data, got, size) == 0);
    run_ok(loop, ac_stream_drain(s), NULL); /* nothing left: at once */
    free(data);
    free(got);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Closed and cancelled in the same iteration: the reader still gets its
 * CancelledError (its watcher goes before the descriptor does). */
static void test_close_and_cancel_together(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char buf[8];
    guard_state st = {0, 0, NULL};
    ac_task *t = ac_loop_create_task(
        loop, guard(ac_stream_read(s, buf, sizeof buf), &st), NULL);
    run_ok(loop, ac_sleep(0.01), NULL);
    int fd = s->fd;
    ac_stream_close(s);
    ac_task_cancel(t, NULL);
    ac_incref(t);
    ac_exc *e = run_raises(loop, t, &ac_CancelledError);
    ac_decref(e);
    ac_decref(t);
    CU_ASSERT_PTR_EQUAL(st.type, &ac_CancelledError);
    CU_ASSERT_EQUAL(s->fd, -1);
    CU_ASSERT(!watched(loop, fd));
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Many readers parked at once: half cancelled, the rest woken by closing
 * their streams.  Every watcher and descriptor goes away. */
#define NREADERS 300

static void test_many_readers_cancelled_or_closed(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", 0), &srv);
    static ac_stream *streams[NREADERS];
    static ac_task *tasks[NREADERS];
    static guard_state st[NREADERS];
    static char bufs[NREADERS][8];
    for (int i = 0; i < NREADERS; i++) {
        run_ok(loop, ac_open_connection("127.0.0.1", ac_server_port(srv)),
               &streams[i]);
        st[i] = (guard_state){0, 0, NULL};
        tasks[i] = ac_loop_create_task(
            loop, guard(ac_stream_read(streams[i], bufs[i], 8), &st[i]), NULL);
    }
    run_ok(loop, ac_sleep(0.02), NULL);
    for (int i = 0; i < NREADERS; i += 2)
        ac_task_cancel(tasks[i], NULL);
    for (int i = 1; i < NREADERS; i += 2)
        ac_stream_close(streams[i]);
    run_ok(loop, ac_sleep(0.02), NULL);
    int cancelled = 0, ended = 0;
    for (int i = 0; i < NREADERS; i++) {
        CU_ASSERT(ac_task_done(tasks[i]));
        CU_ASSERT_EQUAL(st[i].finally_ran, 1);
        cancelled += i % 2 == 0 && ac_task_cancelled(tasks[i]);
        ended += i % 2 == 1 && !st[i].raised;
        CU_ASSERT(!watched(loop, streams[i]->fd));
        ac_decref(tasks[i]);
        ac_decref(streams[i]);
    }
    CU_ASSERT_EQUAL(cancelled, NREADERS / 2);
    CU_ASSERT_EQUAL(ended, NREADERS / 2);
    ac_server_close(srv);
    ac_decref(srv);
    for (int i = 0; i < 500 && echo_live > 0; i++)
        run_ok(loop, ac_sleep(0.01), NULL);
    CU_ASSERT_EQUAL(echo_live, 0);
    run_ok(loop, ac_sleep(0.01), NULL);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

static void close_server(void *srv)
{
    ac_server_close(srv);
}

static void test_server_close_and_serve_forever(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", 0), &srv);
    int port = ac_server_port(srv);
    ac_call_later(loop, 0.05, close_server, srv);
    double t0 = ac_loop_time(loop);
    run_ok(loop, ac_server_serve_forever(srv), NULL);
    CU_ASSERT(ac_loop_time(loop) - t0 >= 0.04);
    run_ok(loop, ac_sleep(0.01), NULL);
    ac_exc *e = run_raises(loop, ac_open_connection("127.0.0.1", port),
                           &ac_ConnectionRefusedError);
    ac_decref(e);
    ac_decref(srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Cancelling serve_forever closes the server, as asyncio. */
static void test_cancel_serve_forever_closes(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", 0), &srv);
    ac_exc *e =
        run_raises(loop, ac_wait_for(ac_server_serve_forever(srv), 0.05),
                   &ac_TimeoutError);
    ac_decref(e);
    run_ok(loop, ac_sleep(0.01), NULL);
    e = run_raises(loop, ac_open_connection("127.0.0.1", ac_server_port(srv)),
                   &ac_ConnectionRefusedError);
    ac_decref(e);
    ac_decref(srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Closed before the acceptor's first step: nothing stays alive (the
 * leak checkers of the sanitized and valgrind runs see to the memory). */
static void test_close_right_after_start(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", 0), &srv);
    ac_server_close(srv);
    run_ok(loop, ac_sleep(0.01), NULL);
    CU_ASSERT_EQUAL(ac__loop_npending(loop), 0);    /* the acceptor is gone */
    CU_ASSERT_EQUAL(((ac_object *)srv)->refcnt, 1); /* and let go of it */
    ac_decref(srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

static void test_port_out_of_range(void)
{
    ac_loop *loop = ac_loop_new();
    ac_exc *e = run_raises(loop, ac_open_connection("127.0.0.1", 70000),
                           &ac_OverflowError);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "connect(): port must be 0-65535.");
    ac_decref(e);
    e = run_raises(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", -1),
                   &ac_OverflowError);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "bind(): port must be 0-65535.");
    ac_decref(e);
    ac_loop_free(loop);
}

static void test_bind_in_use(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", 0), &srv);
    ac_exc *e = run_raises(
        loop,
        ac_start_server(echo_handler, NULL, "127.0.0.1", ac_server_port(srv)),
        &ac_OSError);
    CU_ASSERT_EQUAL(ac_exc_errno(e), EADDRINUSE);
    ac_decref(e);
    ac_server_close(srv);
    ac_decref(srv);
    run_ok(loop, ac_sleep(0.01), NULL);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("io_cancel", NULL, NULL);
    CU_add_test(s, "connection_refused", test_connection_refused);
    CU_add_test(s, "connect_by_name", test_connect_by_name);
    CU_add_test(s, "reset_by_peer_on_read_and_drain",
                test_reset_by_peer_on_read_and_drain);
    CU_add_test(s, "read_timeout_keeps_stream_usable",
                test_read_timeout_keeps_stream_usable);
    CU_add_test(s, "cancel_mid_read_runs_finally",
                test_cancel_mid_read_runs_finally);
    CU_add_test(s, "cancel_mid_connect", test_cancel_mid_connect);
    CU_add_test(s, "close_while_reading", test_close_while_reading);
    CU_add_test(s, "close_flushes_pending_data",
                test_close_flushes_pending_data);
    CU_add_test(s, "cancel_mid_drain_keeps_data",
                test_cancel_mid_drain_keeps_data);
    CU_add_test(s, "close_and_cancel_together", test_close_and_cancel_together);
    CU_add_test(s, "many_readers_cancelled_or_closed",
                test_many_readers_cancelled_or_closed);
    CU_add_test(s, "server_close_and_serve_forever",
                test_server_close_and_serve_forever);
    CU_add_test(s, "cancel_serve_forever_closes",
                test_cancel_serve_forever_closes);
    CU_add_test(s, "close_right_after_start", test_close_right_after_start);
    CU_add_test(s, "bind_in_use", test_bind_in_use);
    CU_add_test(s, "port_out_of_range", test_port_out_of_range);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
