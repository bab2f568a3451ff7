/* rt_loop_util.h - helpers for the event-loop unit tests (rt_loop*.c,
 * rt_task*.c, rt_future*.c): coroutines written by hand in the shape of
 * the translator's output (DESIGN.md, "The generated C"), a log the tests
 * compare with what asyncio does, and stderr capture. */
#ifndef RT_LOOP_UTIL_H
#define RT_LOOP_UTIL_H

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncc.h"
#include "loop/future.h"
#include "rt_test_util.h"

/* ---- a log of events --------------------------------------------------- */

#define ASSERT_RAISED(type, text)                                              \
    do {                                                                       \
        ac_exc *e_ = ac_err_fetch();                                           \
        CU_ASSERT_PTR_NOT_NULL_FATAL(e_);                                      \
        CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e_), (type).name);             \
        CU_ASSERT_STRING_EQUAL(ac_exc_message(e_), text);                      \
        ac_decref(e_);                                                         \
    } while (0)

/* ---- hand-written coroutines ------------------------------------------- */

#define CORO_CODE(var, fname, frame_t, resume_fn, drop_fn, rsize, roff)        \
    static const ac_code var = {.name = fname,                                 \
                                .file = __FILE__,                              \
                                .line = __LINE__,                              \
                                .kind = AC_KIND_CORO,                          \
                                .frame_size = sizeof(frame_t),                 \
                                .result_size = rsize,                          \
                                .result_offset = roff,                         \
                                .resume = resume_fn,                           \
                                .drop = drop_fn}

/* `slot = expr; await slot` as resume point N (label sN), the result going
 * to dst (NULL: discarded); on an exception, goto fail. */
#define AWAIT(f, slot, expr, N, dst, size, fail)                               \
    (slot) = (expr);                                                           \
    (f)->state = N;                                                            \
    {                                                                          \
        int r_ = ac__await_start((f), (void **)&(slot));                       \
        if (r_ == AC_AWAITING || r_ == AC_YIELDED)                             \
            return r_;                                                         \
        if (r_ == AC_RAISED)                                                   \
            goto fail;                                                         \
    }                                                                          \
    s##N : if (ac__await_result((f), (void **)&(slot), (dst), (size)) <        \
               0) goto fail;

/* async long sleeper(double delay, long x) { await ac_sleep(delay);
 *                                             return x + 1; } */
typedef struct sleeper_frame {
    ac_frame hdr;
    double delay;
    long x;
    void *aw;
    long ac_result;
} sleeper_frame;

static int sleeper_resume(ac_frame *f)
{
    sleeper_frame *fr = (sleeper_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    AWAIT(f, fr->aw, ac_sleep(fr->delay), 1, NULL, 0, fail);
    fr->ac_result = fr->x + 1;
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void sleeper_drop(ac_frame *f)
{
    sleeper_frame *fr = (sleeper_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(sleeper_code, "sleeper", sleeper_frame, sleeper_resume, sleeper_drop,
          sizeof(long), offsetof(sleeper_frame, ac_result));

static inline ac_coro *sleeper(double delay, long x)
{
    sleeper_frame *fr = (sleeper_frame *)ac__frame_new(&sleeper_code);
    fr->delay = delay;
    fr->x = x;
    return (ac_coro *)fr;
}

/* async void raiser(double delay, const char *msg) {
 *     await ac_sleep(delay); throw ac_exc_new(&ac_ValueError, msg); } */
typedef struct raiser_frame {
    ac_frame hdr;
    double delay;
    const char *msg;
    void *aw;
} raiser_frame;

static int raiser_resume(ac_frame *f)
{
    raiser_frame *fr = (raiser_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    AWAIT(f, fr->aw, ac_sleep(fr->delay), 1, NULL, 0, fail);
    ac__throw(f, ac_exc_new(&ac_ValueError, "%s", fr->msg), NULL, __LINE__);
    return AC_RAISED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void raiser_drop(ac_frame *f)
{
    raiser_frame *fr = (raiser_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(raiser_code, "raiser", raiser_frame, raiser_resume, raiser_drop, 0,
          0);

static inline ac_coro *raiser(double delay, const char *msg)
{
    raiser_frame *fr = (raiser_frame *)ac__frame_new(&raiser_code);
    fr->delay = delay;
    fr->msg = msg;
    return (ac_coro *)fr;
}

/* async void guarded(double delay, tlog *log, const char *tag) {
 *     log("tag:start");
 *     try { await ac_sleep(delay); log("tag:woke"); }
 *     catch (ac_CancelledError e) { log("tag:cancelled(msg)"); throw; }
 *     finally { log("tag:finally"); } } */
typedef struct guarded_frame {
    ac_frame hdr;
    double delay;
    tlog *log;
    const char *tag;
    void *aw;
} guarded_frame;

static int guarded_resume(ac_frame *f)
{
    guarded_frame *fr = (guarded_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    tlog_add(fr->log, "%s:start", fr->tag);
    AWAIT(f, fr->aw, ac_sleep(fr->delay), 1, NULL, 0, fail);
    tlog_add(fr->log, "%s:woke", fr->tag);
    tlog_add(fr->log, "%s:finally", fr->tag);
    return AC_RETURNED;
fail : {
    ac_exc *e = ac_err_occurred();
    if (e && ac_exc_matches(e, &ac_CancelledError))
        tlog_add(fr->log, "%s:cancelled(%s)", fr->tag, ac_exc_message(e));
    tlog_add(fr->log, "%s:finally", fr->tag);
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}
}

static void guarded_drop(ac_frame *f)
{
    guarded_frame *fr = (guarded_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(guarded_code, "guarded", guarded_frame, guarded_resume, guarded_drop,
          0, 0);

static inline ac_coro *guarded(double delay, tlog *log, const char *tag)
{
    guarded_frame *fr = (guarded_frame *)ac__frame_new(&guarded_code);
    fr->delay = delay;
    fr->log = log;
    fr->tag = tag;
    return (ac_coro *)fr;
}

/* async long chain(int depth) {
 *     if (depth == 0) { await ac_sleep(0.001); await ac_sleep(0);
 *                       return 0; }
 *     return await chain(depth - 1) + 1; } */
typedef struct chain_frame {
    ac_frame hdr;
    int depth;
    void *aw;
    long sub;
    long ac_result;
} chain_frame;

static ac_coro *chain(int depth);

static int chain_resume(ac_frame *f)
{
    chain_frame *fr = (chain_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    case 3:
        goto s3;
    }
    if (fr->depth == 0) {
        AWAIT(f, fr->aw, ac_sleep(0.001), 1, NULL, 0, fail);
        AWAIT(f, fr->aw, ac_sleep(0), 2, NULL, 0, fail);
        fr->ac_result = 0;
        return AC_RETURNED;
    }
    AWAIT(f, fr->aw, chain(fr->depth - 1), 3, &fr->sub, sizeof fr->sub, fail);
    fr->ac_result = fr->sub + 1;
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void chain_drop(ac_frame *f)
{
    chain_frame *fr = (chain_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(chain_code, "chain", chain_frame, chain_resume, chain_drop,
          sizeof(long), offsetof(chain_frame, ac_result));

static ac_coro *chain(int depth)
{
    chain_frame *fr = (chain_frame *)ac__frame_new(&chain_code);
    fr->depth = depth;
    return (ac_coro *)fr;
}

/* async void ticker(tlog *log, const char *tag, int n) {
 *     for (i = 0; i < n; i++) { log("tag<i>"); await ac_sleep(0); } } */
typedef struct ticker_frame {
    ac_frame hdr;
    tlog *log;
    const char *tag;
    int n, i;
    void *aw;
} ticker_frame;

static int ticker_resume(ac_frame *f)
{
    ticker_frame *fr = (ticker_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    for (fr->i = 0; fr->i < fr->n; fr->i++) {
        tlog_add(fr->log, "%s%d", fr->tag, fr->i);
        AWAIT(f, fr->aw, ac_sleep(0), 1, NULL, 0, fail);
    }
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void ticker_drop(ac_frame *f)
{
    ticker_frame *fr = (ticker_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(ticker_code, "ticker", ticker_frame, ticker_resume, ticker_drop, 0,
          0);

static inline ac_coro *ticker(tlog *log, const char *tag, int n)
{
    ticker_frame *fr = (ticker_frame *)ac__frame_new(&ticker_code);
    fr->log = log;
    fr->tag = tag;
    fr->n = n;
    return (ac_coro *)fr;
}

/* async void awaiting(void *aw, void *dst, size_t size) {
 *     *dst = await aw; }   -- takes aw */
typedef struct awaiting_frame {
    ac_frame hdr;
    void *aw;
    void *dst;
    size_t size;
} awaiting_frame;

static int awaiting_resume(ac_frame *f)
{
    awaiting_frame *fr = (awaiting_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    AWAIT(f, fr->aw, fr->aw, 1, fr->dst, fr->size, fail);
    return AC_RETURNED;
fail:
    ac__raise(f, __LINE__, NULL);
    return AC_RAISED;
}

static void awaiting_drop(ac_frame *f)
{
    awaiting_frame *fr = (awaiting_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

CORO_CODE(awaiting_code, "awaiting", awaiting_frame, awaiting_resume,
          awaiting_drop, 0, 0);

static inline ac_coro *awaiting(void *aw, void *dst, size_t size)
{
    awaiting_frame *fr = (awaiting_frame *)ac__frame_new(&awaiting_code);
    fr->aw = aw;
    fr->dst = dst;
    fr->size = size;
    return (ac_coro *)fr;
}

/* Runs aw on loop; on an exception prints it and fails the test. */
static inline int run_ok(ac_loop *loop, void *aw, void *result)
{
    int r = ac_loop_run_until_complete(loop, aw, result);
    if (r < 0) {
        ac_exc *e = ac_err_fetch();
        if (e)
            ac_exc_print(e, stderr);
        ac_decref(e);
    }
    CU_ASSERT_EQUAL(r, 0);
    return r;
}

#endif
