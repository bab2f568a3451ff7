/* rt_stream_echo.c - streams and servers on the loop: an echo server on
 * 127.0.0.1, readline/readexactly/read, the background flusher with large
 * writes, 1,000 concurrent connections with every byte checked, and no
 * descriptor left open afterwards. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "loop/loop.h"
#include "rt_io_util.h"
#include "io/sock.h"

static ac_server *start_echo(ac_loop *loop)
{
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(echo_handler, NULL, "127.0.0.1", 0), &srv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
    CU_ASSERT(ac_server_port(srv) > 0);
    return srv;
}

static void stop_echo(ac_loop *loop, ac_server *srv)
{
    ac_server_close(srv);
    ac_decref(srv);
    for (int i = 0; i < 500 && echo_live > 0; i++)
        run_ok(loop, ac_sleep(0.01), NULL);
    CU_ASSERT_EQUAL(echo_live, 0);
    run_ok(loop, ac_sleep(0.01), NULL); /* the acceptor's last steps */
}

static void test_lines_and_exact_reads(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = start_echo(loop);
    ac_stream *s = NULL;
    run_ok(loop, ac_open_connection("127.0.0.1", ac_server_port(srv)), &s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(ac_stream_write(s, "hello\nworld\nabcdef", 18), 0);
    run_ok(loop, ac_stream_drain(s), NULL);
    char line[64];
    ssize_t n = -1;
    run_ok(loop, ac_stream_readline(s, line, sizeof line), &n);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT_STRING_EQUAL(line, "hello\n");
    run_ok(loop, ac_stream_readline(s, line, sizeof line), &n);
    CU_ASSERT_STRING_EQUAL(line, "world\n");
    char four[4];
    run_ok(loop, ac_stream_readexactly(s, four, 4), NULL);
    CU_ASSERT_NSTRING_EQUAL(four, "abcd", 4);
    run_ok(loop, ac_stream_read(s, line, sizeof line), &n);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_NSTRING_EQUAL(line, "ef", 2);
    ac_stream_close(s);
    run_ok(loop, ac_stream_wait_closed(s), NULL);
    ac_decref(s);
    stop_echo(loop, srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* 4 MiB each way: far more than the socket buffers, so the writer's
 * background flusher and the reader interleave. */
static void test_large_transfer_every_byte(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = start_echo(loop);
    int ok = 0;
    run_ok(loop, echo_client(ac_server_port(srv), 4u << 20, 7), &ok);
    CU_ASSERT_EQUAL(ok, 1);
    stop_echo(loop, srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

#define NCLIENTS 1000

static void test_thousand_concurrent_connections(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = start_echo(loop);
    static ac_task *tasks[NCLIENTS];
    for (int i = 0; i < NCLIENTS; i++) {
        size_t size = 1 + (size_t)(i * 7919) % 20000;
        tasks[i] = ac_loop_create_task(
            loop, echo_client(ac_server_port(srv), size, (unsigned)i), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(tasks[i]);
        ac_incref(tasks[i]); /* gather takes one; we read results after */
    }
    run_ok(loop, ac_gather((void *const *)tasks, NCLIENTS), NULL);
    int good = 0;
    for (int i = 0; i < NCLIENTS; i++) {
        int ok = 0;
        if (ac_task_result(tasks[i], &ok) == 0)
            good += ok;
        else
            ac_err_clear();
        ac_decref(tasks[i]);
    }
    CU_ASSERT_EQUAL(good, NCLIENTS);
    stop_echo(loop, srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* A raw peer: a blocking-accepted socket the test drives by hand. */
static ac_stream *connect_raw(ac_loop *loop, int *listener, int *peer)
{
    *listener = ac__sock_listen("127.0.0.1", 0, 8);
    ac_stream *s = NULL;
    run_ok(loop, ac_open_connection("127.0.0.1", ac__sock_port(*listener)), &s);
    struct pollfd p = {*listener, POLLIN, 0};
    poll(&p, 1, 2000);
    *peer = ac__sock_accept(*listener);
    CU_ASSERT_FATAL(*peer >= 0);
    return s;
}

static void test_end_of_stream_and_incomplete_read(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    CU_ASSERT_EQUAL(write(peer, "abc", 3), 3);
    close(peer);
    char buf[16];
    ac_exc *e = run_raises(loop, ac_stream_readexactly(s, buf, 10),
                           &ac_IncompleteReadError);
    CU_ASSERT(ac_exc_matches(e, &ac_EOFError));
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "3 bytes read on a total of 10 expected bytes");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "IncompleteReadError");
    ac_decref(e);
    ssize_t n = -1;
    run_ok(loop, ac_stream_read(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 0);
    run_ok(loop, ac_stream_readline(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 0);
    ac_decref(s); /* never closed: dropping it closes the descriptor */
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* readline at end of stream hands out the unterminated tail. */
static void test_readline_tail_and_limits(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    const char *data = "0123456789abcdef\nshort\ntail";
    CU_ASSERT_EQUAL(write(peer, data, strlen(data)), (ssize_t)strlen(data));
    close(peer);
    char buf[8];
    ac_exc *e = run_raises(loop, ac_stream_readline(s, buf, sizeof buf),
                           &ac_ValueError);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "Separator is found, but chunk is longer than "
                           "limit");
    ac_decref(e);
    ssize_t n = -1;
    run_ok(loop, ac_stream_readline(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT_STRING_EQUAL(buf, "short\n");
    run_ok(loop, ac_stream_readline(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_STRING_EQUAL(buf, "tail");
    ac_stream_close(s);
    run_ok(loop, ac_stream_wait_closed(s), NULL);
    ac_decref(s);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Half-close from the peer: we read its end of stream, and can still
 * write to it. */
static void test_half_close(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    CU_ASSERT_EQUAL(write(peer, "bye", 3), 3);
    shutdown(peer, SHUT_WR);
    char buf[16];
    ssize_t n = -1;
    run_ok(loop, ac_stream_read(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 3);
    run_ok(loop, ac_stream_read(s, buf, sizeof buf), &n);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(ac_stream_write(s, "still here", 10), 0);
    run_ok(loop, ac_stream_drain(s), NULL);
    CU_ASSERT_EQUAL(read(peer, buf, sizeof buf), 10);
    CU_ASSERT_NSTRING_EQUAL(buf, "still here", 10);
    ac_stream_close(s);
    CU_ASSERT_EQUAL(read(peer, buf, sizeof buf), 0); /* our end arrived */
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Two reads at once on one stream: asyncio's RuntimeError. */
static void test_concurrent_reads_refused(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char a[4], b[4];
    ac_task *first = ac_loop_create_task(loop, ac_stream_read(s, a, 4), NULL);
    run_ok(loop, ac_sleep(0.01), NULL);
    ac_exc *e = run_raises(loop, ac_stream_readline(s, b, 4), &ac_RuntimeError);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "readuntil() called while another coroutine is "
                           "already waiting for incoming data");
    ac_decref(e);
    CU_ASSERT_EQUAL(write(peer, "zz", 2), 2);
    ssize_t n = -1;
    ac_incref(first);
    run_ok(loop, first, &n);
    CU_ASSERT_EQUAL(n, 2);
    ac_decref(first);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Our half-close: end of stream goes after the queued bytes; the echo
 * server sees it, finishes, and its side closes too. */
static void test_write_eof_after_queued_data(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = start_echo(loop);
    ac_stream *s = NULL;
    run_ok(loop, ac_open_connection("127.0.0.1", ac_server_port(srv)), &s);
    size_t size = 3u << 20;
    unsigned char *out = malloc(size), *in = malloc(size);
    for (size_t i = 0; i < size; i++)
        out[i] = (unsigned char)(i ^ (i >> 9));
    CU_ASSERT_EQUAL(ac_stream_write(s, out, size), 0);
    CU_ASSERT_EQUAL(ac_stream_write_eof(s), 0);
    CU_ASSERT_EQUAL(ac_stream_write(s, "x", 1), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "Cannot call write() after write_eof()");
    ac_decref(e);
    run_ok(loop, ac_stream_readexactly(s, in, size), NULL);
    CU_ASSERT(memcmp(in, out, size) == 0);
    ssize_t n = -1;
    run_ok(loop, ac_stream_read(s, in, 16), &n);
    CU_ASSERT_EQUAL(n, 0); /* the server's end of stream */
    free(out);
    free(in);
    ac_decref(s);
    stop_echo(loop, srv);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* ---- a handler that hands its stream to another task and returns ---- */

typedef struct late_frame {
    ac_frame hdr;
    ac_stream *s; /* owned */
    void *aw;
} late_frame;

static void late_drop(ac_frame *f)
{
    late_frame *fr = (late_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->s);
    fr->s = NULL;
}

static int late_resume(ac_frame *f)
{
    late_frame *fr = (late_frame *)f;
    switch (f->state) {
    case 0:
        T_AWAIT(f, fr->aw, ac_sleep(0.02), 1, fail);
        if (ac_stream_write(fr->s, "late\n", 5) < 0)
            goto fail;
        T_AWAIT(f, fr->aw, ac_stream_drain(fr->s), 2, fail);
        ac_stream_close(fr->s);
    }
    late_drop(f);
    return AC_RETURNED;
fail:
    late_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(late_code, "late_writer", late_frame, late_resume,
                   late_drop);

/* The handler: spawns the writer with its own reference and returns at
 * once; the stream must stay open for the writer. */
typedef struct handoff_frame {
    ac_frame hdr;
    ac_stream *s; /* borrowed */
} handoff_frame;

static int handoff_resume(ac_frame *f)
{
    handoff_frame *fr = (handoff_frame *)f;
    late_frame *late = (late_frame *)ac__frame_new(&late_code);
    ac_incref(fr->s);
    late->s = fr->s;
    ac_decref(ac_create_task((ac_coro *)late, "late"));
    return AC_RETURNED;
}

AC__CORO_CODE_VOID(handoff_code, "handoff", handoff_frame, handoff_resume,
                   NULL);

static ac_coro *handoff_handler(ac_stream *s, void *arg)
{
    (void)arg;
    handoff_frame *fr = (handoff_frame *)ac__frame_new(&handoff_code);
    fr->s = s;
    return (ac_coro *)fr;
}

static void test_handler_hands_stream_on(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_server(handoff_handler, NULL, "127.0.0.1", 0), &srv);
    ac_stream *s = NULL;
    run_ok(loop, ac_open_connection("127.0.0.1", ac_server_port(srv)), &s);
    char line[16];
    ssize_t n = -1;
    run_ok(loop, ac_stream_readline(s, line, sizeof line), &n);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_STRING_EQUAL(line, "late\n");
    run_ok(loop, ac_stream_read(s, line, sizeof line), &n);
    CU_ASSERT_EQUAL(n, 0); /* the writer closed it */
    ac_decref(s);
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
    CU_pSuite s = CU_add_suite("stream_echo", NULL, NULL);
    CU_add_test(s, "lines_and_exact_reads", test_lines_and_exact_reads);
    CU_add_test(s, "large_transfer_every_byte", test_large_transfer_every_byte);
    CU_add_test(s, "thousand_concurrent_connections",
                test_thousand_concurrent_connections);
    CU_add_test(s, "end_of_stream_and_incomplete_read",
                test_end_of_stream_and_incomplete_read);
    CU_add_test(s, "readline_tail_and_limits", test_readline_tail_and_limits);
    CU_add_test(s, "half_close", test_half_close);
    CU_add_test(s, "concurrent_reads_refused", test_concurrent_reads_refused);
    CU_add_test(s, "handler_hands_stream_on", test_handler_hands_stream_on);
    CU_add_test(s, "write_eof_after_queued_data",
                test_write_eof_after_queued_data);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
