/* rt_agen_frames.h - hand-written async generator frames shaped like the
 * translator's output (docs/DESIGN.md), a coroutine that runs a test's
 * script of awaits, and a log, shared by the rt_agen*.c tests. */
#ifndef RT_AGEN_FRAMES_H
#define RT_AGEN_FRAMES_H

#include <CUnit/Basic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asyncc.h"
#include "loop/future.h"
#include "rt_test_util.h"

#define FILE_AC "agen.ac"

/* ---- a log of events --------------------------------------------------- */

static char log_text[4096];

static inline void log_clear(void)
{
    log_text[0] = '\0';
}

static inline void log_add(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static inline void log_add(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vadd(log_text, sizeof log_text, fmt, ap);
    va_end(ap);
}

#define ASSERT_LOG(text)                                                       \
    do {                                                                       \
        CU_ASSERT_STRING_EQUAL(log_text, text);                                \
        if (strcmp(log_text, text) != 0)                                       \
            fprintf(stderr, "\n  log: %s\n", log_text);                        \
    } while (0)

/* Logs the current exception as "Type(message)" and clears it. */
static inline void log_exc(const char *what)
{
    ac_exc *e = ac_err_fetch();
    if (e == NULL)
        log_add("%s:no-exception", what);
    else
        log_add("%s:%s(%s)", what, ac_exc_type_name(e), ac_exc_message(e));
    ac_decref(e);
}

/* ---- await, as generated code does it ---------------------------------- */

/* `slot = expr; await slot;` as resume point N (label sN); on an exception
 * the raise site is line and control goes to fail. */
#define AWAIT(f, slot, expr, N, dst, size, line, fail)                         \
    (slot) = (expr);                                                           \
    (f)->state = N;                                                            \
    {                                                                          \
        int r_ = ac__await_start((f), (void **)&(slot));                       \
        if (r_ == AC_AWAITING || r_ == AC_YIELDED)                             \
            return r_;                                                         \
        if (r_ == AC_RAISED) {                                                 \
            ac__raise((f), (line), NULL);                                      \
            goto fail;                                                         \
        }                                                                      \
    }                                                                          \
    s##N : if (ac__await_result((f), (void **)&(slot), (dst), (size)) < 0)     \
    {                                                                          \
        ac__raise((f), (line), NULL);                                          \
        goto fail;                                                             \
    }

/* `yield value;` as resume point N: the value goes to out; a throw raises
 * at line and goes to fail. */
#define YIELD(f, type, value, N, line, fail)                                   \
    {                                                                          \
        type y_ = (value);                                                     \
        if (ac__gf(f)->out)                                                    \
            memcpy(ac__gf(f)->out, &y_, sizeof y_);                            \
    }                                                                          \
    (f)->state = N;                                                            \
    return AC_AGEN_YIELDED;                                                    \
    s##N : if ((f)->how == AC_HOW_THROW)                                       \
    {                                                                          \
        ac__raise((f), (line), NULL);                                          \
        goto fail;                                                             \
    }

#define AGEN_CODE(var, fname, frame_t, resume_fn, drop_fn, Y, S)               \
    static const ac_code var = {.name = fname,                                 \
                                .file = FILE_AC,                               \
                                .line = __LINE__,                              \
                                .kind = AC_KIND_AGEN,                          \
                                .frame_size = sizeof(frame_t),                 \
                                .yield_size = sizeof(Y),                       \
                                .send_size = S,                                \
                                .resume = resume_fn,                           \
                                .drop = drop_fn}

/* async generator(int, int) ticker(int n, int sleeps)
 * {
 *     int total = 0;
 *     try {
 *         for (int i = 0; i < n; i++) {
 *             total += yield i + total;
 *             if (sleeps)
 *                 await ac_sleep(sleeps == 1 ? 0 : 10);
 *         }
 *     } finally {
 *         log "ticker-finally";
 *     }
 * } */
typedef struct ticker_frame {
    ac_gen_frame hdr;
    int n, sleeps, total, i;
    void *aw;
    ac_exc *pending;
} ticker_frame;

static inline int ticker_resume(ac_frame *f)
{
    ticker_frame *fr = (ticker_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    fr->total = 0;
    for (fr->i = 0; fr->i < fr->n; fr->i++) {
        YIELD(f, int, fr->i + fr->total, 1, 15, fail);
        fr->total += AC__SENT(f, int);
        if (fr->sleeps) {
            AWAIT(f, fr->aw, ac_sleep(fr->sleeps == 1 ? 0 : 10), 2, NULL, 0, 17,
                  fail);
        }
    }
    log_add("ticker-finally");
    return AC_RETURNED;
fail:
    fr->pending = ac__catch();
    log_add("ticker-finally");
    ac_err_set(fr->pending);
    fr->pending = NULL;
    return AC_RAISED;
}

static inline void ticker_drop(ac_frame *f)
{
    ticker_frame *fr = (ticker_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->pending);
    fr->pending = NULL;
}

AGEN_CODE(ticker_code, "ticker", ticker_frame, ticker_resume, ticker_drop, int,
          sizeof(int));

static inline ac_agen *ticker(int n, int sleeps)
{
    ticker_frame *fr = (ticker_frame *)ac__frame_new(&ticker_code);
    fr->n = n;
    fr->sleeps = sleeps;
    return (ac_agen *)fr;
}

/* async generator(int) resilient(void)
 * {
 *     int n = 0;
 *     for (;;) {
 *         try {
 *             yield n;
 *         } catch (ac_ValueError e) {
 *             log "caught:" e;
 *             n += 100;
 *         }
 *         n += 1;
 *     }
 * } */
typedef struct resilient_frame {
    ac_gen_frame hdr;
    int n;
    ac_exc *caught;
} resilient_frame;

static inline int resilient_resume(ac_frame *f)
{
    resilient_frame *fr = (resilient_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    fr->n = 0;
    for (;;) {
        YIELD(f, int, fr->n, 1, 40, handler);
        goto next;
    handler:
        fr->caught = ac__catch();
        if (!ac_exc_matches(fr->caught, &ac_ValueError)) {
            ac_err_set(fr->caught);
            fr->caught = NULL;
            return AC_RAISED;
        }
        log_add("caught:%s", ac_exc_message(fr->caught));
        ac_decref(fr->caught);
        fr->caught = NULL;
        fr->n += 100;
    next:
        fr->n += 1;
    }
}

static inline void resilient_drop(ac_frame *f)
{
    resilient_frame *fr = (resilient_frame *)f;
    ac_decref(fr->caught);
    fr->caught = NULL;
}

AGEN_CODE(resilient_code, "resilient", resilient_frame, resilient_resume,
          resilient_drop, int, 0);

static inline ac_agen *resilient(void)
{
    return (ac_agen *)ac__frame_new(&resilient_code);
}

/* async generator(int) stubborn(void)
 * {
 *     try {
 *         yield 1;
 *     } finally {
 *         log "stubborn-finally";
 *         yield 2;
 *         log "stubborn-resumed";
 *     }
 * } */
typedef struct stubborn_frame {
    ac_gen_frame hdr;
    ac_exc *pending;
} stubborn_frame;

static inline int stubborn_resume(ac_frame *f)
{
    stubborn_frame *fr = (stubborn_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    YIELD(f, int, 1, 1, 60, fin);
fin:
    fr->pending = ac__catch(); /* NULL on a normal exit */
    log_add("stubborn-finally");
    YIELD(f, int, 2, 2, 63, fail);
    log_add("stubborn-resumed");
    if (fr->pending != NULL) {
        ac_err_set(fr->pending);
        fr->pending = NULL;
        return AC_RAISED;
    }
    return AC_RETURNED;
fail:
    ac_decref(fr->pending);
    fr->pending = NULL;
    return AC_RAISED;
}

static inline void stubborn_drop(ac_frame *f)
{
    stubborn_frame *fr = (stubborn_frame *)f;
    ac_decref(fr->pending);
    fr->pending = NULL;
}

AGEN_CODE(stubborn_code, "stubborn", stubborn_frame, stubborn_resume,
          stubborn_drop, int, 0);

static inline ac_agen *stubborn(void)
{
    return (ac_agen *)ac__frame_new(&stubborn_code);
}

/* async generator(int) leaker(void)
 * {
 *     yield 1;
 *     throw ac_exc_new(&ac_StopAsyncIteration, NULL);
 * } */
typedef struct leaker_frame {
    ac_gen_frame hdr;
} leaker_frame;

static inline int leaker_resume(ac_frame *f)
{
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    YIELD(f, int, 1, 1, 80, fail);
    ac__throw(f, ac_exc_new(&ac_StopAsyncIteration, NULL), NULL, 81);
fail:
    return AC_RAISED;
}

AGEN_CODE(leaker_code, "leaker", leaker_frame, leaker_resume, NULL, int, 0);

static inline ac_agen *leaker(void)
{
    return (ac_agen *)ac__frame_new(&leaker_code);
}

/* async generator(int) slow_close(void)
 * {
 *     try {
 *         yield 1;
 *     } finally {
 *         log "slow-finally-starts";
 *         await ac_sleep(0);
 *         log "slow-finally-ends";
 *     }
 * } */
typedef struct slow_close_frame {
    ac_gen_frame hdr;
    void *aw;
    ac_exc *pending;
} slow_close_frame;

static inline int slow_close_resume(ac_frame *f)
{
    slow_close_frame *fr = (slow_close_frame *)f;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    case 2:
        goto s2;
    }
    YIELD(f, int, 1, 1, 100, fin);
fin:
    fr->pending = ac__catch();
    log_add("slow-finally-starts");
    AWAIT(f, fr->aw, ac_sleep(0), 2, NULL, 0, 104, fail);
    log_add("slow-finally-ends");
    if (fr->pending != NULL) {
        ac_err_set(fr->pending);
        fr->pending = NULL;
        return AC_RAISED;
    }
    return AC_RETURNED;
fail:
    ac_decref(fr->pending);
    fr->pending = NULL;
    return AC_RAISED;
}

static inline void slow_close_drop(ac_frame *f)
{
    slow_close_frame *fr = (slow_close_frame *)f;
    if (f->status != AC_GEN_CLOSED && fr->aw != NULL)
        log_add("slow-freed-unclosed");
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->pending);
    fr->pending = NULL;
}

AGEN_CODE(slow_close_code, "slow_close", slow_close_frame, slow_close_resume,
          slow_close_drop, int, 0);

static inline ac_agen *slow_close(void)
{
    return (ac_agen *)ac__frame_new(&slow_close_code);
}

/* async generator(int) bad_close(void)
 * {
 *     try {
 *         yield 1;
 *     } finally {
 *         throw ac_exc_new(&ac_ValueError, "boom");
 *     }
 * } */
typedef struct bad_close_frame {
    ac_gen_frame hdr;
} bad_close_frame;

static inline int bad_close_resume(ac_frame *f)
{
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    YIELD(f, int, 1, 1, 120, fin);
fin:
    ac_err_clear(); /* a finally block replacing the exception */
    ac__throw(f, ac_exc_new(&ac_ValueError, "boom"), NULL, 122);
    return AC_RAISED;
}

AGEN_CODE(bad_close_code, "bad_close", bad_close_frame, bad_close_resume, NULL,
          int, 0);

static inline ac_agen *bad_close(void)
{
    return (ac_agen *)ac__frame_new(&bad_close_code);
}

/* ---- a coroutine running a test's script of awaits ---------------------- */

/* step(i) returns the awaitable to await as step i (a new reference), or
 * NULL to return; after the await, done(i, rc, value) sees the outcome: rc
 * 0 with an int result in value (0 for void awaitables), -1 with the
 * exception current (done must fetch or clear it). */
typedef struct script {
    void *(*step)(int i);
    void (*done)(int i, int rc, int value);
} script;

typedef struct script_frame {
    ac_frame hdr;
    const script *s;
    int i, value;
    void *aw;
} script_frame;

/* A frame's or a future's result size; 0 for other awaitables (sleep(0)
 * is a bare yield with no result). */
static inline size_t result_size_of(void *aw)
{
    if (ac__is_frame(aw))
        return ((ac_frame *)aw)->code->result_size;
    if (ac__is_future(aw))
        return ac__future_result_size((ac_future *)aw);
    return 0;
}

static inline int script_resume(ac_frame *f)
{
    script_frame *fr = (script_frame *)f;
    int rc;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    for (fr->i = 0;; fr->i++) {
        fr->aw = fr->s->step(fr->i);
        if (fr->aw == NULL)
            break;
        fr->value = 0;
        f->state = 1;
        rc = ac__await_start(f, &fr->aw);
        if (rc == AC_AWAITING || rc == AC_YIELDED)
            return rc;
        if (rc == AC_RAISED) {
            ac_decref(fr->aw);
            fr->aw = NULL;
            fr->s->done(fr->i, -1, 0);
            continue;
        }
    s1 : {
        size_t size = result_size_of(fr->aw);
        rc = ac__await_result(f, &fr->aw, size ? &fr->value : NULL, size);
        fr->s->done(fr->i, rc, fr->value);
    }
    }
    return AC_RETURNED;
}

static inline void script_drop(ac_frame *f)
{
    script_frame *fr = (script_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
}

static const ac_code script_code = {.name = "script",
                                    .file = FILE_AC,
                                    .line = 200,
                                    .kind = AC_KIND_CORO,
                                    .frame_size = sizeof(script_frame),
                                    .resume = script_resume,
                                    .drop = script_drop};

static inline ac_coro *script_coro(const script *s)
{
    script_frame *fr = (script_frame *)ac__frame_new(&script_code);
    fr->s = s;
    return (ac_coro *)fr;
}

/* Runs the script under ac_run; 0 or -1. */
static inline int run_script(void *(*step)(int), void (*done)(int, int, int))
{
    static script s;
    s.step = step;
    s.done = done;
    return ac_run(script_coro(&s), NULL);
}

/* Logs what done sees: "i:value" or "i:Type(message)". */
static inline void log_done(int i, int rc, int value)
{
    if (rc == 0) {
        log_add("%d:%d", i, value);
    } else {
        char what[16];
        snprintf(what, sizeof what, "%d", i);
        log_exc(what);
    }
}

#endif
