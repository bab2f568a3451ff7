/* rt_io_util.h - helpers for the I/O unit tests: coroutines written by hand
 * in C (the translator's shape, with Duff's-device resume points), an echo
 * handler, an echo client, a guard that records its "finally", and a count
 * of this process's open descriptors. */
#ifndef RT_IO_UTIL_H
#define RT_IO_UTIL_H

#include <CUnit/Basic.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "asyncc.h"
#include "io/sock_coro.h"

/* Await `expr` into slot as resume point N (inside `switch (f->state)`). */
#define T_AWAIT(f, slot, expr, N, fail)                                        \
    (slot) = (expr);                                                           \
    {                                                                          \
        int r_ = ac__io_await((f), (void **)&(slot), N);                       \
        if (r_ > 0)                                                            \
            return r_;                                                         \
        if (r_ < 0)                                                            \
            goto fail;                                                         \
    }                                                                          \
    __attribute__((fallthrough));                                              \
    case N:                                                                    \
        if (ac__await_result((f), (void **)&(slot), NULL, 0) < 0)              \
            goto fail;
#define T_AWAIT_INTO(f, slot, expr, N, dst, fail)                              \
    (slot) = (expr);                                                           \
    {                                                                          \
        int r_ = ac__io_await((f), (void **)&(slot), N);                       \
        if (r_ > 0)                                                            \
            return r_;                                                         \
        if (r_ < 0)                                                            \
            goto fail;                                                         \
    }                                                                          \
    __attribute__((fallthrough));                                              \
    case N:                                                                    \
        if (ac__await_result((f), (void **)&(slot), &(dst), sizeof(dst)) < 0)  \
            goto fail;

static inline int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1; /* the directory stream's own */
}

/* Run aw to completion on loop; CU-fails and prints on an exception. */
static inline int run_ok(ac_loop *loop, void *aw, void *result)
{
    int r = ac_loop_run_until_complete(loop, aw, result);
    if (r < 0) {
        ac_exc *e = ac_err_fetch();
        ac_exc_print(e, stderr);
        ac_decref(e);
    }
    CU_ASSERT_EQUAL(r, 0);
    return r;
}

/* Run aw expecting an exception of type; returns it (new reference). */
static inline ac_exc *run_raises(ac_loop *loop, void *aw,
                                 const ac_exc_type *type)
{
    int r = ac_loop_run_until_complete(loop, aw, NULL);
    CU_ASSERT_EQUAL(r, -1);
    ac_exc *e = r < 0 ? ac_err_fetch() : NULL;
    CU_ASSERT_PTR_NOT_NULL(e);
    if (e != NULL && !ac_exc_matches(e, type)) {
        CU_FAIL("wrong exception type");
        ac_exc_print(e, stderr);
    }
    return e;
}

/* ---- echo handler: read, write back, drain, until end of stream ------ */

typedef struct echo_frame {
    ac_frame hdr;
    ac_stream *s; /* borrowed from the server's connection task */
    void *aw;
    ssize_t n;
    char buf[4096];
} echo_frame;

/* Echo handlers not finished yet (tests wait for 0 before tearing down). */
static int echo_live;

static inline void echo_drop(ac_frame *f)
{
    echo_frame *fr = (echo_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    if (fr->s != NULL)
        echo_live--;
    fr->s = NULL;
}

static inline int echo_resume(ac_frame *f)
{
    echo_frame *fr = (echo_frame *)f;
    switch (f->state) {
    case 0:
        for (;;) {
            T_AWAIT_INTO(f, fr->aw,
                         ac_stream_read(fr->s, fr->buf, sizeof fr->buf), 1,
                         fr->n, fail);
            if (fr->n == 0)
                break;
            if (ac_stream_write(fr->s, fr->buf, (size_t)fr->n) < 0)
                goto fail;
            T_AWAIT(f, fr->aw, ac_stream_drain(fr->s), 2, fail);
        }
    }
    echo_drop(f);
    return AC_RETURNED;
fail:
    echo_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(echo_code, "echo_handler", echo_frame, echo_resume,
                   echo_drop);

static inline ac_coro *echo_handler(ac_stream *s, void *arg)
{
    (void)arg;
    echo_frame *fr = (echo_frame *)ac__frame_new(&echo_code);
    if (fr != NULL) {
        fr->s = s;
        echo_live++;
    }
    return (ac_coro *)fr;
}

/* ---- echo client: send `size` bytes, read them back, compare --------- */

typedef struct client_frame {
    ac_frame hdr;
    int ac_result; /* 1: every byte came back */
    int port;
    size_t size;
    unsigned seed;
    ac_stream *s;
    unsigned char *out, *in;
    void *aw;
} client_frame;

static inline void client_drop(ac_frame *f)
{
    client_frame *fr = (client_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    if (fr->s != NULL)
        ac_stream_close(fr->s);
    ac_decref(fr->s);
    fr->s = NULL;
    free(fr->out);
    free(fr->in);
    fr->out = fr->in = NULL;
}

static inline int client_resume(ac_frame *f)
{
    client_frame *fr = (client_frame *)f;
    switch (f->state) {
    case 0:
        fr->out = malloc(fr->size);
        fr->in = malloc(fr->size);
        for (size_t i = 0; i < fr->size; i++)
            fr->out[i] = (unsigned char)(fr->seed * 31 + i * 7 + (i >> 8));
        T_AWAIT_INTO(f, fr->aw, ac_open_connection("127.0.0.1", fr->port), 1,
                     fr->s, fail);
        /* No drain before reading: the background flusher sends what the
         * socket does not take at once while we read the echo. */
        if (ac_stream_write(fr->s, fr->out, fr->size) < 0)
            goto fail;
        T_AWAIT(f, fr->aw, ac_stream_readexactly(fr->s, fr->in, fr->size), 2,
                fail);
        T_AWAIT(f, fr->aw, ac_stream_drain(fr->s), 3, fail);
        fr->ac_result = memcmp(fr->in, fr->out, fr->size) == 0;
        ac_stream_close(fr->s);
        T_AWAIT(f, fr->aw, ac_stream_wait_closed(fr->s), 4, fail);
    }
    client_drop(f);
    return AC_RETURNED;
fail:
    client_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(client_code, "echo_client", client_frame, client_resume,
              client_drop);

static inline ac_coro *echo_client(int port, size_t size, unsigned seed)
{
    client_frame *fr = (client_frame *)ac__frame_new(&client_code);
    fr->port = port;
    fr->size = size;
    fr->seed = seed;
    return (ac_coro *)fr;
}

/* ---- guard: await an awaitable; record the "finally" and the error --- */

typedef struct guard_state {
    int finally_ran;
    int raised;
    const ac_exc_type *type; /* of what was raised */
} guard_state;

typedef struct guard_frame {
    ac_frame hdr;
    guard_state *st;
    void *aw; /* the awaitable guarded (taken) */
} guard_frame;

static inline void guard_drop(ac_frame *f)
{
    guard_frame *fr = (guard_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

static inline int guard_resume(ac_frame *f)
{
    guard_frame *fr = (guard_frame *)f;
    switch (f->state) {
    case 0:
        T_AWAIT(f, fr->aw, fr->aw, 1, fail);
    }
    fr->st->finally_ran = 1;
    return AC_RETURNED;
fail:
    fr->st->finally_ran = 1;
    fr->st->raised = 1;
    fr->st->type = ac_exc_type_of(ac_err_occurred());
    guard_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE_VOID(guard_code, "guard", guard_frame, guard_resume, guard_drop);

static inline ac_coro *guard(void *inner, guard_state *st)
{
    guard_frame *fr = (guard_frame *)ac__frame_new(&guard_code);
    fr->aw = inner;
    fr->st = st;
    return (ac_coro *)fr;
}

#endif
