/* rt_net.c - the socket layer's tables and edges: every errno's OSError
 * subtype against CPython's errnomap (Objects/exceptions.c), the message
 * and errno of such an exception, socket.gaierror, how an address is
 * shown in asyncio's messages, and the datagram calls that fail at once
 * (no remote, closed endpoint, empty datagram). */
#include <arpa/inet.h>
#include <netdb.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/exc.h"
#include "io/resolve.h"
#include "rt_io_util.h"
#include "unit_suite.h"

/* CPython 3.11's errnomap; every other errno is plain OSError. */
static const struct {
    int err;
    const ac_exc_type *type;
} errnomap[] = {
    {EAGAIN, &ac_BlockingIOError},
    {EALREADY, &ac_BlockingIOError},
    {EINPROGRESS, &ac_BlockingIOError},
    {EWOULDBLOCK, &ac_BlockingIOError},
    {EPIPE, &ac_BrokenPipeError},
    {ESHUTDOWN, &ac_BrokenPipeError},
    {ECHILD, &ac_ChildProcessError},
    {ECONNABORTED, &ac_ConnectionAbortedError},
    {ECONNREFUSED, &ac_ConnectionRefusedError},
    {ECONNRESET, &ac_ConnectionResetError},
    {EEXIST, &ac_FileExistsError},
    {ENOENT, &ac_FileNotFoundError},
    {EISDIR, &ac_IsADirectoryError},
    {ENOTDIR, &ac_NotADirectoryError},
    {EINTR, &ac_InterruptedError},
    {EACCES, &ac_PermissionError},
    {EPERM, &ac_PermissionError},
    {ESRCH, &ac_ProcessLookupError},
    {ETIMEDOUT, &ac_TimeoutError},
};

static const ac_exc_type *expected_type(int err)
{
    for (size_t i = 0; i < sizeof errnomap / sizeof errnomap[0]; i++)
        if (errnomap[i].err == err)
            return errnomap[i].type;
    return &ac_OSError;
}

static void test_errno_map(void)
{
    /* Linux's errnos end at 133 (EHWPOISON); a margin beyond. */
    for (int err = 0; err < 200; err++) {
        const ac_exc_type *want = expected_type(err);
        CU_ASSERT_PTR_EQUAL(ac__errno_type(err), want);
        if (ac__errno_type(err) != want)
            fprintf(stderr, "errno %d: %s, want %s\n", err,
                    ac__errno_type(err)->name, want->name);
    }
}

static void test_errno_exception(void)
{
    ac_exc *e = ac_exc_from_errno(ECONNREFUSED, NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 111] Connection refused");
    CU_ASSERT_EQUAL(ac_exc_errno(e), ECONNREFUSED);
    CU_ASSERT(ac_exc_matches(e, &ac_ConnectionError));
    CU_ASSERT(ac_exc_matches(e, &ac_OSError));
    ac_decref(e);
    e = ac_exc_from_errno(ESHUTDOWN, "Connect call failed %s", "x");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "BrokenPipeError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "[Errno 108] Connect call failed x");
    ac_decref(e);
}

static void test_gaierror_is_oserror(void)
{
    ac_exc *e =
        ac_exc_new(&ac_gaierror, "[Errno -2] Name or service not known");
    CU_ASSERT(ac_exc_matches(e, &ac_OSError));
    CU_ASSERT(!ac_exc_matches(e, &ac_ConnectionError));
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "gaierror");
    /* Printed qualified by its module, as Python's traceback does. */
    char out[256] = "";
    FILE *f = fmemopen(out, sizeof out - 1, "w");
    ac_exc_print(e, f);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "socket.gaierror: [Errno -2] Name or service not known"));
    ac_decref(e);
}

/* resolved is NULL for the address's numeric form. */
static void check_repr(const char *host, int port, const char *shown,
                       const char *want)
{
    ac_sockaddr sa;
    char out[128];
    CU_ASSERT_EQUAL_FATAL(ac__sock_addr(host, port, &sa), 0);
    ac__sockaddr_repr(&sa, shown, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_address_repr(void)
{
    check_repr("127.0.0.1", 80, NULL, "('127.0.0.1', 80)");
    check_repr("::1", 8080, NULL, "('::1', 8080, 0, 0)");
    /* asyncio shows a literal as it was given. */
    check_repr("0:0::1", 1, "0:0::1", "('0:0::1', 1, 0, 0)");
    check_repr("0:0::1", 1, NULL, "('::1', 1, 0, 0)");
}

/* ---- datagram calls that fail without waiting ---------------------------- */

static void test_datagram_immediate_errors(void)
{
    ac_loop *loop = ac_loop_new();
    int before = count_fds();
    ac_datagram *d = NULL;
    run_ok(loop, ac_create_datagram_endpoint("127.0.0.1", 0, NULL, 0), &d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT(ac_datagram_port(d) > 0);
    /* Not connected and no address: nowhere to send. */
    CU_ASSERT_EQUAL(ac_datagram_sendto(d, "x", 1, NULL, 0), -1);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT(ac_exc_matches(e, &ac_ValueError));
    ac_decref(e);
    /* An empty datagram is not sent (asyncio 3.11): no error. */
    CU_ASSERT_EQUAL(ac_datagram_sendto(d, "", 0, "127.0.0.1", 9), 0);
    CU_ASSERT_EQUAL(ac_datagram_sendto(d, "x", 1, "127.0.0.1", 70000), -1);
    e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "OverflowError");
    ac_decref(e);
    ac_datagram_close(d);
    ac_datagram_close(d); /* twice: nothing more */
    CU_ASSERT_EQUAL(ac_datagram_port(d), -1);
    CU_ASSERT_EQUAL(ac_datagram_sendto(d, "x", 1, "127.0.0.1", 9), -1);
    e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 9] Bad file descriptor");
    ac_decref(e);
    char buf[4];
    e = run_raises(loop,
                   ac_datagram_recvfrom(d, buf, sizeof buf, NULL, 0, NULL),
                   &ac_OSError);
    ac_decref(e);
    ac_decref(d);
    CU_ASSERT_EQUAL(count_fds(), before);
    ac_loop_free(loop);
}

/* A lookup abandoned while the worker runs getaddrinfo: the worker frees
 * what it got (ASan's leak check and the descriptor count tell). */
static void test_getaddrinfo_cancelled(void)
{
    int before = count_fds();
    ac_loop *loop = ac_loop_new();
    for (int i = 0; i < 20; i++) {
        ac_exc *e = run_raises(
            loop,
            ac_wait_for(ac_getaddrinfo("localhost", "80", 0, SOCK_STREAM), 0),
            &ac_TimeoutError);
        ac_decref(e);
    }
    ac_addrinfo *ai = NULL;
    run_ok(loop, ac_getaddrinfo("127.0.0.1", "7", AF_INET, SOCK_DGRAM), &ai);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ai);
    const struct addrinfo *p = ac_addrinfo_list(ai);
    CU_ASSERT_EQUAL(p->ai_family, AF_INET);
    CU_ASSERT_EQUAL(p->ai_socktype, SOCK_DGRAM);
    CU_ASSERT_EQUAL(ntohs(((struct sockaddr_in *)p->ai_addr)->sin_port), 7);
    CU_ASSERT_PTR_NULL(p->ai_next);
    ac_decref(ai);
    ac_loop_free(loop); /* joins the executor's workers */
    CU_ASSERT_EQUAL(count_fds(), before);
}

/* The socket file goes with its server, unless another file took its
 * place since (3.13's inode check); a Unix server has no port. */
static void test_unix_socket_file(void)
{
    char dir[] = "/tmp/rt_net.XXXXXX", path[64], moved[64];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.sock", dir);
    snprintf(moved, sizeof moved, "%s/moved.sock", dir);
    ac_loop *loop = ac_loop_new();
    ac_server *srv = NULL;
    run_ok(loop, ac_start_unix_server(NULL, NULL, path), &srv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
    CU_ASSERT_EQUAL(ac_server_port(srv), -1);
    CU_ASSERT_EQUAL(access(path, F_OK), 0);
    ac_server_close(srv);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    ac_decref(srv);

    run_ok(loop, ac_start_unix_server(NULL, NULL, path), &srv);
    CU_ASSERT_EQUAL(rename(path, moved), 0);
    FILE *f = fopen(path, "w"); /* somebody else's file now */
    fclose(f);
    ac_server_close(srv);
    CU_ASSERT_EQUAL(access(path, F_OK), 0);
    ac_decref(srv);
    ac_loop_free(loop);
    unlink(path);
    unlink(moved);
    CU_ASSERT_EQUAL(rmdir(dir), 0);
}

int main(void)
{
    static const test_case tests[] = {
        {"errno_map", test_errno_map},
        {"errno_exception", test_errno_exception},
        {"gaierror_is_oserror", test_gaierror_is_oserror},
        {"address_repr", test_address_repr},
        {"datagram_immediate_errors", test_datagram_immediate_errors},
        {"getaddrinfo_cancelled", test_getaddrinfo_cancelled},
        {"unix_socket_file", test_unix_socket_file},
        {NULL, NULL}};
    return run_suite("net", tests);
}
