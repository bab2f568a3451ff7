/* rt_io_sock.c - the non-blocking socket helpers, with no loop: addresses,
 * listen/accept, connect, recv/send, and errno mapped to Python's OSError
 * subtypes and messages. */
#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rt_io_util.h"
#include "io/sock.h"

static void wait_fd(int fd, short events)
{
    struct pollfd p = {fd, events, 0};
    CU_ASSERT_EQUAL(poll(&p, 1, 2000), 1);
}

/* A port with nothing listening: bound, not listening, kept reserved. */
static int reserve_port(int *fd_out)
{
    int fd = ac__sock_listen("127.0.0.1", 0, 1);
    int port = ac__sock_port(fd);
    ac__sock_close(fd);
    *fd_out = -1;
    return port;
}

static void test_numeric_addresses(void)
{
    ac_sockaddr sa;
    CU_ASSERT_EQUAL(ac__sock_addr("127.0.0.1", 80, &sa), 0);
    CU_ASSERT_EQUAL(sa.ss.ss_family, AF_INET);
    CU_ASSERT_EQUAL(ac__sock_addr("::1", 80, &sa), 0);
    CU_ASSERT_EQUAL(sa.ss.ss_family, AF_INET6);
    CU_ASSERT_EQUAL(ac__sock_addr("localhost", 80, &sa), -1);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    /* Names: ac_getaddrinfo (tests/unit/rt_net.c, tests/e2e/net_tcp and
     * tests/sh/net_names.sh, where no query leaves the machine). */
}

/* IPv4 literals read as inet_pton reads them (a fast path parses the
 * usual form): listed cases, then strings of digits and dots. */
static void check_v4_as_inet_pton(const char *text)
{
    ac_sockaddr sa;
    struct in_addr want;
    int expect = inet_pton(AF_INET, text, &want) == 1;
    int got = ac__sock_addr(text, 1, &sa) == 0 && sa.ss.ss_family == AF_INET;
    CU_ASSERT_EQUAL(got, expect);
    if (got && expect) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)&sa.ss;
        CU_ASSERT_EQUAL(v4->sin_addr.s_addr, want.s_addr);
    }
    if (got != expect)
        fprintf(stderr, "\n  \"%s\": %d, inet_pton %d\n", text, got, expect);
}

static void test_ipv4_literals(void)
{
    static const char *const cases[] = {
        "127.0.0.1",  "0.0.0.0",   "255.255.255.255", "10.1.22.233",
        "256.0.0.1",  "1.2.3",     "1.2.3.4.5",       "01.2.3.4",
        "1.2.3.04",   "1.2.3.4 ",  " 1.2.3.4",        "1..2.3",
        ".1.2.3",     "1.2.3.",    "1.2.3.4a",        "1000.2.3.4",
        "1.2.3.0255", "1.2.3.255", "0.00.0.0",        "192.168.1.1"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_v4_as_inet_pton(cases[i]);
    unsigned seed = 12345;
    char text[20];
    for (int k = 0; k < 20000; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = 7 + (seed >> 16) % 9;
        for (size_t j = 0; j < len; j++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 13;
            text[j] = r < 10 ? (char)('0' + r) : r < 12 ? '.' : '1';
        }
        text[len] = '\0';
        check_v4_as_inet_pton(text);
    }
    ac_err_clear();
}

static void test_listen_port_zero_and_accept_would_block(void)
{
    int before = count_fds();
    int fd = ac__sock_listen("127.0.0.1", 0, 8);
    CU_ASSERT(fd >= 0);
    int port = ac__sock_port(fd);
    CU_ASSERT(port > 0);
    CU_ASSERT_EQUAL(ac__sock_accept(fd), AC__SOCK_AGAIN);
    ac__sock_close(fd);
    CU_ASSERT_EQUAL(count_fds(), before);
}

static void test_bind_in_use_message(void)
{
    int fd = ac__sock_listen("127.0.0.1", 0, 8);
    int port = ac__sock_port(fd);
    CU_ASSERT_EQUAL(ac__sock_listen("127.0.0.1", port, 8), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "OSError");
    CU_ASSERT_EQUAL(ac_exc_errno(e), EADDRINUSE);
    char want[200];
    snprintf(want, sizeof want,
             "[Errno %d] error while attempting to bind on address "
             "('127.0.0.1', %d): address already in use",
             EADDRINUSE, port);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), want);
    ac_decref(e);
    ac__sock_close(fd);
}

static void test_connect_refused_message(void)
{
    int before = count_fds(), unused;
    int port = reserve_port(&unused);
    ac_sockaddr sa;
    ac__sock_addr("127.0.0.1", port, &sa);
    int in_progress = 0;
    int fd = ac__sock_connect(&sa, "127.0.0.1", port, &in_progress);
    if (fd >= 0) {
        CU_ASSERT(in_progress);
        wait_fd(fd, POLLOUT);
        CU_ASSERT_EQUAL(ac__sock_connect_result(fd, "127.0.0.1", port), -1);
        ac__sock_close(fd);
    }
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT(ac_exc_matches(e, &ac_ConnectionRefusedError));
    CU_ASSERT(ac_exc_matches(e, &ac_OSError));
    char want[120];
    snprintf(want, sizeof want,
             "[Errno %d] Connect call failed ('127.0.0.1', %d)", ECONNREFUSED,
             port);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), want);
    ac_decref(e);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* ac_open_connection keeps a compact address in its frame while the
 * connect is in flight (a port scan has a frame per port at once), and a
 * refused connect still words either family's address as asyncio. */
static void test_open_connection_frame(void)
{
    ac_frame *f = ac_open_connection("127.0.0.1", 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_TRUE(f->code->frame_size <= 176);
    ac_coro_close((ac_coro *)f);
    ac_decref(f);

    int unused;
    int port = reserve_port(&unused);
    ac_loop *loop = ac_loop_new();
    const char *hosts[] = {"127.0.0.1", "::1"};
    const char *fmt[] = {"[Errno %d] Connect call failed ('127.0.0.1', %d)",
                         "[Errno %d] Connect call failed ('::1', %d, 0, 0)"};
    for (int i = 0; i < 2; i++) {
        ac_exc *e =
            run_raises(loop, ac_open_connection(hosts[i], port), &ac_OSError);
        if (e == NULL)
            continue;
        /* a machine without IPv6 refuses ::1 otherwise */
        if (i == 0 || ac_exc_matches(e, &ac_ConnectionRefusedError)) {
            char want[120];
            snprintf(want, sizeof want, fmt[i], ECONNREFUSED, port);
            CU_ASSERT_STRING_EQUAL(ac_exc_message(e), want);
        }
        ac_decref(e);
    }
    ac_loop_free(loop);
}

/* A connected pair through a real listening socket. */
static void connect_pair(int *client, int *server, int *listener)
{
    *listener = ac__sock_listen("127.0.0.1", 0, 8);
    int port = ac__sock_port(*listener);
    ac_sockaddr sa;
    ac__sock_addr("127.0.0.1", port, &sa);
    int in_progress;
    *client = ac__sock_connect(&sa, "127.0.0.1", port, &in_progress);
    CU_ASSERT_FATAL(*client >= 0);
    if (in_progress) {
        wait_fd(*client, POLLOUT);
        CU_ASSERT_EQUAL(ac__sock_connect_result(*client, "127.0.0.1", port), 0);
    }
    wait_fd(*listener, POLLIN);
    *server = ac__sock_accept(*listener);
    CU_ASSERT_FATAL(*server >= 0);
}

static void test_recv_send_and_end_of_stream(void)
{
    int before = count_fds(), c, s, l;
    connect_pair(&c, &s, &l);
    char buf[16];
    CU_ASSERT_EQUAL(ac__sock_recv(c, buf, sizeof buf), AC__SOCK_AGAIN);
    CU_ASSERT_EQUAL(ac__sock_send(s, "ping", 4), 4);
    wait_fd(c, POLLIN);
    CU_ASSERT_EQUAL(ac__sock_recv(c, buf, sizeof buf), 4);
    CU_ASSERT_NSTRING_EQUAL(buf, "ping", 4);
    /* Half-close: the peer's end of stream, and we can still send. */
    CU_ASSERT_EQUAL(ac__sock_shutdown_write(s), 0);
    wait_fd(c, POLLIN);
    CU_ASSERT_EQUAL(ac__sock_recv(c, buf, sizeof buf), 0);
    CU_ASSERT_EQUAL(ac__sock_send(c, "pong", 4), 4);
    wait_fd(s, POLLIN);
    CU_ASSERT_EQUAL(ac__sock_recv(s, buf, sizeof buf), 4);
    ac__sock_close(c);
    ac__sock_close(s);
    ac__sock_close(l);
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* Closing with unread data sends a reset: ConnectionResetError, and a send
 * to a reset peer is an exception, not SIGPIPE. */
static void test_reset_by_peer(void)
{
    int before = count_fds(), c, s, l;
    connect_pair(&c, &s, &l);
    CU_ASSERT_EQUAL(ac__sock_send(c, "unread", 6), 6);
    wait_fd(s, POLLIN);
    ac__sock_close(s); /* unread data: RST */
    wait_fd(c, POLLIN);
    char buf[16];
    CU_ASSERT_EQUAL(ac__sock_recv(c, buf, sizeof buf), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT(ac_exc_matches(e, &ac_ConnectionResetError));
    char want[80];
    snprintf(want, sizeof want, "[Errno %d] %s", ECONNRESET,
             strerror(ECONNRESET));
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), want);
    ac_decref(e);
    ssize_t r = 0;
    for (int i = 0; i < 4 && r >= 0; i++)
        r = ac__sock_send(c, "x", 1);
    CU_ASSERT_EQUAL(r, -1);
    e = ac_err_fetch();
    CU_ASSERT(e != NULL && (ac_exc_matches(e, &ac_BrokenPipeError) ||
                            ac_exc_matches(e, &ac_ConnectionResetError)));
    ac_decref(e);
    ac__sock_close(c);
    ac__sock_close(l);
    CU_ASSERT_EQUAL(count_fds(), before);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("io_sock", NULL, NULL);
    CU_add_test(s, "numeric_addresses", test_numeric_addresses);
    CU_add_test(s, "ipv4_literals", test_ipv4_literals);
    CU_add_test(s, "listen_port_zero_and_accept_would_block",
                test_listen_port_zero_and_accept_would_block);
    CU_add_test(s, "bind_in_use_message", test_bind_in_use_message);
    CU_add_test(s, "connect_refused_message", test_connect_refused_message);
    CU_add_test(s, "open_connection_frame", test_open_connection_frame);
    CU_add_test(s, "recv_send_and_end_of_stream",
                test_recv_send_and_end_of_stream);
    CU_add_test(s, "reset_by_peer", test_reset_by_peer);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
