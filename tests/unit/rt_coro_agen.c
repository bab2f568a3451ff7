/* rt_coro_agen.c - the driver's side of async generators: a frame that
 * returns AC_AGEN_YIELDED stays suspended and its awaiter (an anext-like
 * op, here a minimal one written in the test) resumes; a generator that
 * awaits a future is the chain's leaf; PEP 479 for StopAsyncIteration. */
#include "rt_coro_frames.h"

/* async generator(int) ticks(fakefut *ff, const ac_exc_type *end)  // 60
 * {
 *     yield 1;                                 // line 62
 *     await ff;                                // line 63
 *     yield 2;                                 // line 64
 *     if (end) throw ac_exc_new(end, "end");   // line 65
 * } */
typedef struct ticks__frame {
    ac_gen_frame ac_hdr;
    fakefut *ff;
    const ac_exc_type *end;
    void *ac_aw;
} ticks__frame;
static int ticks__resume(ac_frame *ac_f);
static void ticks__drop(ac_frame *ac_f)
{
    ac_decref(((ticks__frame *)ac_f)->ac_aw);
}
static const ac_code ticks__code = {
    "ticks", FILE_AC, 60, AC_KIND_AGEN,  sizeof(ticks__frame), sizeof(int),
    0,       0,       0,  ticks__resume, ticks__drop};

static int ticks__resume(ac_frame *ac_f)
{
    ticks__frame *ac_fr = (ticks__frame *)ac_f;
    int ac_y, ac_r;
    note_resume(ac_f);
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    case 3:
        goto ac_s3;
    }
    ac_y = 1;
    memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_AGEN_YIELDED;
ac_s1:
    ac_fr->ac_aw = ac_fr->ff;
    ac_incref(ac_fr->ac_aw);
    ac_f->state = 2;
    ac_r = ac__await_start(ac_f, &ac_fr->ac_aw);
    if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)
        return ac_r;
    if (ac_r == AC_RAISED) {
        ac__raise(ac_f, 63, NULL);
        return AC_RAISED;
    }
ac_s2:
    if (ac__await_result(ac_f, &ac_fr->ac_aw, NULL, 0) < 0) {
        ac__raise(ac_f, 63, NULL);
        return AC_RAISED;
    }
    ac_y = 2;
    memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    ac_f->state = 3;
    return AC_AGEN_YIELDED;
ac_s3:
    if (ac_fr->end != NULL) {
        ac__throw(ac_f, ac_exc_new(ac_fr->end, "end"), NULL, 65);
        return AC_RAISED;
    }
    return AC_RETURNED;
}

/* A minimal anext(): links the generator as its child, then gives its
 * value, or StopAsyncIteration when it finished. */
typedef struct next_op {
    ac_frame ac_hdr;
    ac_frame *ag; /* owned */
    int ac_result;
} next_op;
static int next_op__resume(ac_frame *f);
static void next_op__drop(ac_frame *f)
{
    ac_decref(((next_op *)f)->ag);
}
static const ac_code next_op__code = {"anext",
                                      FILE_AC,
                                      1,
                                      AC_KIND_CORO,
                                      sizeof(next_op),
                                      0,
                                      0,
                                      sizeof(int),
                                      offsetof(next_op, ac_result),
                                      next_op__resume,
                                      next_op__drop};

static void *anext_of(ac_frame *ag)
{
    next_op *op = (next_op *)ac__frame_new(&next_op__code);
    ac_incref(ag);
    op->ag = ag;
    return op;
}

static int next_op__resume(ac_frame *f)
{
    next_op *op = (next_op *)f;
    if (f->state == 0) {
        if (op->ag->status == AC_GEN_CLOSED)
            goto stop;
        op->ag->awaiter = f;
        op->ag->how = AC_HOW_SEND;
        ac__gf(op->ag)->out = &op->ac_result;
        f->waiting = op->ag;
        f->state = 1;
        return AC_AWAITING;
    }
    CU_ASSERT_PTR_NULL(op->ag->awaiter); /* the driver unlinked it */
    f->waiting = NULL;
    if (f->how == AC_HOW_THROW)
        return AC_RAISED;
    if (op->ag->status != AC_GEN_CLOSED)
        return AC_RETURNED;
stop:
    ac_err_set(ac_exc_new(&ac_StopAsyncIteration, NULL));
    return AC_RAISED;
}

static ac_frame *ticks(fakefut *ff, const ac_exc_type *end)
{
    ticks__frame *f = (ticks__frame *)ac__frame_new(&ticks__code);
    f->ff = ff;
    f->end = end;
    return &f->ac_hdr.f;
}

static void test_values_reach_the_awaiter(void)
{
    fakefut *ff = fakefut_new();
    ac_frame *ag = ticks(ff, NULL);
    int out = 0;

    ac_coro *c = waitfor(anext_of(ag), 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &out), AC_RETURNED);
    CU_ASSERT_EQUAL(out, 1 + 1);
    CU_ASSERT_EQUAL(ag->status, AC_GEN_SUSPENDED);
    ac_decref(c);

    /* The generator awaits the future: it is the leaf. */
    c = waitfor(anext_of(ag), 0);
    ac_frame *leaf = (ac_frame *)c;
    CU_ASSERT_EQUAL(ac__coro_drive(leaf, &leaf), AC_YIELDED);
    CU_ASSERT_PTR_EQUAL(leaf, ag);
    CU_ASSERT_PTR_EQUAL(leaf->waiting, ff);
    fakefut_set(ff, 0);
    reset_logs();
    CU_ASSERT_EQUAL(ac__coro_drive((ac_frame *)c, &leaf), AC_RETURNED);
    CU_ASSERT_PTR_EQUAL(resumed[0], ag);
    CU_ASSERT_EQUAL(*(int *)((char *)c + waitfor__code.result_offset), 3);
    ac_decref(c);

    /* Finished: StopAsyncIteration at the awaiter. */
    c = waitfor(anext_of(ag), 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, &out), AC_RAISED);
    ASSERT_RAISED(ac_StopAsyncIteration, "");
    CU_ASSERT_EQUAL(ag->status, AC_GEN_CLOSED);
    ac_decref(c);
    ac_decref(ag);
    ac_decref(ff);
}

static void test_raised_stop_async_iteration(void)
{
    fakefut *ff = fakefut_new();
    fakefut_set(ff, 0);
    ac_frame *ag = ticks(ff, &ac_StopAsyncIteration);
    for (int i = 0; i < 2; i++) {
        ac_coro *c = waitfor(anext_of(ag), 0);
        CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RETURNED);
        ac_decref(c);
    }
    ac_coro *c = waitfor(anext_of(ag), 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "RuntimeError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "async generator raised StopAsyncIteration");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(ac_exc_cause(e)),
                           "StopAsyncIteration");
    ac_decref(e);
    ac_decref(c);
    ac_decref(ag);
    ac_decref(ff);

    /* And StopIteration, as from any generator. */
    ff = fakefut_new();
    fakefut_set(ff, 0);
    ag = ticks(ff, &ac_StopIteration);
    for (int i = 0; i < 2; i++) {
        c = waitfor(anext_of(ag), 0);
        ac_coro_send(c, NULL, NULL);
        ac_decref(c);
    }
    c = waitfor(anext_of(ag), 0);
    CU_ASSERT_EQUAL(ac_coro_send(c, NULL, NULL), AC_RAISED);
    ASSERT_RAISED(ac_RuntimeError, "async generator raised StopIteration");
    ac_decref(c);
    ac_decref(ag);
    ac_decref(ff);
}

int main(void)
{
    static const test_case tests[] = {
        {"values reach the awaiter", test_values_reach_the_awaiter},
        {"PEP 479 in async generators", test_raised_stop_async_iteration},
        {NULL, NULL},
    };
    return run_suite("rt_coro_agen", tests);
}
