/* rt_stream_syscalls.c - streams spend no needless system call (issue 12):
 * the writes made before the writer next suspends go out in one send
 * (drain, write_eof and close included), and a read after a recv that
 * found the socket empty waits for the poller instead of trying recv
 * again.  The calls are counted by io/sock.c (ac__sock_call_counts). */
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io/sock.h"
#include "io/stream.h"
#include "rt_io_util.h"

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

static unsigned long sends(void)
{
    return ac__sock_call_counts()->sends;
}

static unsigned long recvs(void)
{
    return ac__sock_call_counts()->recvs;
}

/* Read from the (non-blocking) peer until n bytes or end of stream. */
static size_t peer_read(int peer, char *buf, size_t n, int *eof)
{
    size_t got = 0;
    *eof = 0;
    while (got < n) {
        struct pollfd p = {peer, POLLIN, 0};
        if (poll(&p, 1, 2000) != 1)
            break;
        ssize_t r = recv(peer, buf + got, n - got, 0);
        if (r <= 0) {
            *eof = r == 0;
            break;
        }
        got += (size_t)r;
    }
    return got;
}

static void finish(ac_loop *loop, ac_stream *s, int l, int peer, int before)
{
    ac_stream_close(s);
    run_ok(loop, ac_stream_wait_closed(s), NULL);
    ac_decref(s);
    close(peer);
    ac__sock_close(l);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Head, body and trailer written in a row: one send, when the writer
 * suspends (here: sleep(0)); drain then has nothing left to send. */
static void test_writes_coalesce_until_suspension(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    unsigned long at = sends();
    CU_ASSERT_EQUAL(ac_stream_write(s, "HTTP/1.1 200 OK\r\n\r\n", 19), 0);
    CU_ASSERT_EQUAL(ac_stream_write(s, "Hello", 5), 0);
    CU_ASSERT_EQUAL(ac_stream_write(s, ", World!", 8), 0);
    CU_ASSERT_EQUAL(sends() - at, 0);
    run_ok(loop, ac_sleep(0), NULL);
    CU_ASSERT_EQUAL(sends() - at, 1);
    run_ok(loop, ac_stream_drain(s), NULL);
    CU_ASSERT_EQUAL(sends() - at, 1);
    char buf[64] = {0};
    int eof;
    CU_ASSERT_EQUAL(peer_read(peer, buf, 32, &eof), 32);
    CU_ASSERT_STRING_EQUAL(buf, "HTTP/1.1 200 OK\r\n\r\nHello, World!");
    finish(loop, s, l, peer, before);
}

/* drain sends what is queued itself: one send, no suspension needed. */
static void test_drain_sends_queued_writes_once(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    unsigned long at = sends();
    for (int i = 0; i < 10; i++)
        CU_ASSERT_EQUAL(ac_stream_write(s, "0123456789" + i, 1), 0);
    run_ok(loop, ac_stream_drain(s), NULL);
    CU_ASSERT_EQUAL(sends() - at, 1);
    char buf[16] = {0};
    int eof;
    CU_ASSERT_EQUAL(peer_read(peer, buf, 10, &eof), 10);
    CU_ASSERT_STRING_EQUAL(buf, "0123456789");
    finish(loop, s, l, peer, before);
}

/* write_eof and close send the queued data first, then end of stream. */
static void test_write_eof_and_close_flush_queued(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    unsigned long at = sends();
    CU_ASSERT_EQUAL(ac_stream_write(s, "abc", 3), 0);
    CU_ASSERT_EQUAL(ac_stream_write(s, "def", 3), 0);
    CU_ASSERT_EQUAL(ac_stream_write_eof(s), 0);
    CU_ASSERT_EQUAL(sends() - at, 1);
    char buf[16] = {0};
    int eof;
    CU_ASSERT_EQUAL(peer_read(peer, buf, sizeof buf, &eof), 6);
    CU_ASSERT(eof);
    CU_ASSERT_STRING_EQUAL(buf, "abcdef");
    finish(loop, s, l, peer, before);

    before = count_fds();
    loop = ac_loop_new();
    s = connect_raw(loop, &l, &peer);
    CU_ASSERT_EQUAL(ac_stream_write(s, "ghi", 3), 0);
    CU_ASSERT_EQUAL(ac_stream_write(s, "jkl", 3), 0);
    ac_stream_close(s);
    run_ok(loop, ac_stream_wait_closed(s), NULL);
    memset(buf, 0, sizeof buf);
    CU_ASSERT_EQUAL(peer_read(peer, buf, sizeof buf, &eof), 6);
    CU_ASSERT(eof);
    CU_ASSERT_STRING_EQUAL(buf, "ghijkl");
    finish(loop, s, l, peer, before);
}

/* A read whose recv would block, timed out: the next read does not try
 * recv before the poller reports the socket readable. */
static void test_no_recv_after_eagain(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char buf[16] = {0};
    unsigned long at = recvs();
    ac_exc *e = run_raises(loop, ac_wait_for(ac_stream_read(s, buf, 16), 0.01),
                           &ac_TimeoutError);
    ac_decref(e);
    CU_ASSERT_EQUAL(recvs() - at, 1);
    e = run_raises(loop, ac_wait_for(ac_stream_read(s, buf, 16), 0.01),
                   &ac_TimeoutError);
    ac_decref(e);
    CU_ASSERT_EQUAL(recvs() - at, 1);
    CU_ASSERT_EQUAL(send(peer, "ping", 4, 0), 4);
    ssize_t n = 0;
    run_ok(loop, ac_stream_read(s, buf, 16), &n);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_EQUAL(recvs() - at, 2);
    finish(loop, s, l, peer, before);
}

/* A recv that took less than it asked for emptied the socket: readexactly
 * waits for the rest rather than trying again at once (2 recvs, not 3),
 * and so does the read after a short read. */
static void test_no_recv_after_short_read(void)
{
    int before = count_fds(), l, peer;
    ac_loop *loop = ac_loop_new();
    ac_stream *s = connect_raw(loop, &l, &peer);
    char buf[16] = {0};
    CU_ASSERT_EQUAL(send(peer, "abc", 3, 0), 3);
    usleep(10000);
    unsigned long at = recvs();
    ac_task *t =
        ac_loop_create_task(loop, ac_stream_readexactly(s, buf, 6), NULL);
    run_ok(loop, ac_sleep(0.01), NULL);
    CU_ASSERT_EQUAL(recvs() - at, 1);
    CU_ASSERT_EQUAL(send(peer, "def", 3, 0), 3);
    run_ok(loop, t, NULL);
    CU_ASSERT_EQUAL(recvs() - at, 2);
    CU_ASSERT_EQUAL(memcmp(buf, "abcdef", 6), 0);

    CU_ASSERT_EQUAL(send(peer, "xy", 2, 0), 2);
    usleep(10000);
    ssize_t n = 0;
    run_ok(loop, ac_stream_read(s, buf, 16), &n);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(recvs() - at, 3);
    ac_exc *e = run_raises(loop, ac_wait_for(ac_stream_read(s, buf, 16), 0.01),
                           &ac_TimeoutError);
    ac_decref(e);
    CU_ASSERT_EQUAL(recvs() - at, 3);
    /* End of stream is readiness too: the read sees it. */
    shutdown(peer, SHUT_WR);
    run_ok(loop, ac_stream_read(s, buf, 16), &n);
    CU_ASSERT_EQUAL(n, 0);
    finish(loop, s, l, peer, before);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("stream_syscalls", NULL, NULL);
    CU_add_test(s, "writes_coalesce_until_suspension",
                test_writes_coalesce_until_suspension);
    CU_add_test(s, "drain_sends_queued_writes_once",
                test_drain_sends_queued_writes_once);
    CU_add_test(s, "write_eof_and_close_flush_queued",
                test_write_eof_and_close_flush_queued);
    CU_add_test(s, "no_recv_after_eagain", test_no_recv_after_eagain);
    CU_add_test(s, "no_recv_after_short_read", test_no_recv_after_short_read);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
