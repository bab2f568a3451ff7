/* rt_coro_frames.h - hand-written coroutine frames shaped like the
 * translator's output (docs/DESIGN.md) and a fake future (a non-frame
 * awaitable), shared by rt_coro*.c. */
#ifndef RT_CORO_FRAMES_H
#define RT_CORO_FRAMES_H

#include <stdint.h>

#include "core/object.h"
#include "rt_core_test.h"

#define FILE_AC "coro.ac"

/* ------------------------------------------------------------------ */
/* A fake future: done or not, a value or an exception                  */
/* ------------------------------------------------------------------ */

typedef struct fakefut {
    ac_object ob;
    bool done;
    int value;
    ac_exc *exc;    /* owned */
    bool cancelled; /* a CancelledError was thrown at its awaiter */
    int starts;     /* await_start calls */
} fakefut;

static void ff_dealloc(ac_object *self)
{
    ac_decref(((fakefut *)self)->exc);
    free(self);
}

static int ff_await_start(ac_object *self, ac_frame *waiter)
{
    (void)waiter;
    fakefut *ff = (fakefut *)self;
    ff->starts++;
    return ff->done ? AC_RETURNED : AC_YIELDED;
}

static int ff_await_result(ac_object *self, ac_frame *waiter, void *dst,
                           size_t size)
{
    fakefut *ff = (fakefut *)self;
    if (waiter->how == AC_HOW_THROW) {
        if (ac_exc_matches(ac_err_occurred(), &ac_CancelledError))
            ff->cancelled = true;
        return -1;
    }
    if (!ff->done)
        return ac_err_format(&ac_RuntimeError, "await wasn't used with future");
    if (ff->exc != NULL) {
        ac_incref(ff->exc);
        ac_err_set(ff->exc);
        return -1;
    }
    if (dst == NULL)
        return 0;
    if (size != sizeof(int))
        return ac_err_format(&ac_TypeError, "fakefut: size %zu", size);
    memcpy(dst, &ff->value, sizeof(int));
    return 0;
}

static const ac_objtype fakefut_type = {.name = "FakeFuture", .kind = AC_OBJ_OTHER, .dealloc = ff_dealloc, .await_start = ff_await_start, .await_result = ff_await_result};

static inline fakefut *fakefut_new(void)
{
    fakefut *ff = calloc(1, sizeof *ff);
    ac__object_init(&ff->ob, &fakefut_type);
    return ff;
}

static inline void fakefut_set(fakefut *ff, int value)
{
    ff->done = true;
    ff->value = value;
}

/* ------------------------------------------------------------------ */
/* What the frames saw                                                  */
/* ------------------------------------------------------------------ */

/* Every resume, in order (the frames may be freed since: their code too). */
static ac_frame *resumed[1024];
static const ac_code *resumed_code[1024];
static int nresumed;
/* The tags of the finally blocks run, in order. */
static int finally_log[256];
static int nfinally;
/* The C stack depth at leafco's resumes. */
static uintptr_t leaf_stack;
/* Called by leafco before it awaits, if set. */
static void (*leaf_hook)(ac_frame *leaf);

static inline void reset_logs(void)
{
    nresumed = 0;
    nfinally = 0;
}

/* The first 256 tags are kept; nfinally counts them all. */
static inline void note_finally(int tag)
{
    if (nfinally < 256)
        finally_log[nfinally] = tag;
    nfinally++;
}

static inline void note_resume(ac_frame *f)
{
    if (nresumed < 1024) {
        resumed_code[nresumed] = f->code;
        resumed[nresumed++] = f;
    }
}

/* ------------------------------------------------------------------ */
/* async int leafco(fakefut *fut)               // line 10
 * {
 *     int x = await fut;                       // line 12
 *     return x + 1;
 * } */
typedef struct leafco__frame {
    ac_frame ac_hdr;
    fakefut *fut;
    void *ac_aw1;
    int x;
    int ac_result;
} leafco__frame;
static int leafco__resume(ac_frame *ac_f);
static void leafco__drop(ac_frame *ac_f)
{
    ac_decref(((leafco__frame *)ac_f)->ac_aw1);
}
static const ac_code leafco__code = {"leafco",
                                     FILE_AC,
                                     10,
                                     AC_KIND_CORO,
                                     sizeof(leafco__frame),
                                     0,
                                     0,
                                     sizeof(int),
                                     offsetof(leafco__frame, ac_result),
                                     leafco__resume,
                                     leafco__drop};

static inline ac_coro *leafco(fakefut *fut)
{
    leafco__frame *ac_fr = (leafco__frame *)ac__frame_new(&leafco__code);
    if (ac_fr == NULL)
        return NULL;
    ac_fr->fut = fut;
    return (ac_coro *)ac_fr;
}

static int leafco__resume(ac_frame *ac_f)
{
    leafco__frame *ac_fr = (leafco__frame *)ac_f;
    volatile char here;
    int ac_r;
    note_resume(ac_f);
    leaf_stack = (uintptr_t)&here;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    if (leaf_hook != NULL)
        leaf_hook(ac_f);
    ac_fr->ac_aw1 = ac_fr->fut; /* a named operand is borrowed */
    ac_incref(ac_fr->ac_aw1);
    ac_f->state = 1;
    ac_r = ac__await_start(ac_f, &ac_fr->ac_aw1);
    if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)
        return ac_r;
    if (ac_r == AC_RAISED) {
        ac__raise(ac_f, 12, NULL);
        goto ac_unwind;
    }
ac_s1:
    if (ac__await_result(ac_f, &ac_fr->ac_aw1, &ac_fr->x, sizeof(int)) < 0) {
        ac__raise(ac_f, 12, NULL);
        goto ac_unwind;
    }
    ac_fr->ac_result = ac_fr->x + 1;
    return AC_RETURNED;
ac_unwind:
    return AC_RAISED;
}

/* ------------------------------------------------------------------ */
/* async int waitfor(void *aw, int tag)         // line 20
 * {
 *     try {
 *         int v = await aw;                    // line 23
 *         return v + 1;
 *     } finally {
 *         log(tag);
 *     }
 * }
 * aw is a temporary: the frame's slot takes it. */
typedef struct waitfor__frame {
    ac_frame ac_hdr;
    void *aw;
    int tag;
    int v;
    ac_exc *ac_pending;
    int ac_result;
} waitfor__frame;
static int waitfor__resume(ac_frame *ac_f);
static void waitfor__drop(ac_frame *ac_f)
{
    ac_decref(((waitfor__frame *)ac_f)->aw);
    ac_decref(((waitfor__frame *)ac_f)->ac_pending);
}
static const ac_code waitfor__code = {"waitfor",
                                      FILE_AC,
                                      20,
                                      AC_KIND_CORO,
                                      sizeof(waitfor__frame),
                                      0,
                                      0,
                                      sizeof(int),
                                      offsetof(waitfor__frame, ac_result),
                                      waitfor__resume,
                                      waitfor__drop};

static inline ac_coro *waitfor(void *aw, int tag)
{
    waitfor__frame *ac_fr = (waitfor__frame *)ac__frame_new(&waitfor__code);
    if (ac_fr == NULL)
        return NULL;
    ac_fr->aw = aw;
    ac_fr->tag = tag;
    return (ac_coro *)ac_fr;
}

static int waitfor__resume(ac_frame *ac_f)
{
    waitfor__frame *ac_fr = (waitfor__frame *)ac_f;
    int ac_r;
    note_resume(ac_f);
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    ac_f->state = 1;
    ac_r = ac__await_start(ac_f, &ac_fr->aw);
    if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)
        return ac_r;
    if (ac_r == AC_RAISED) {
        ac__raise(ac_f, 23, NULL);
        goto ac_finally_raise;
    }
ac_s1:
    if (ac__await_result(ac_f, &ac_fr->aw, &ac_fr->v, sizeof(int)) < 0) {
        ac__raise(ac_f, 23, NULL);
        goto ac_finally_raise;
    }
    ac_fr->ac_result = ac_fr->v + 1;
    note_finally(ac_fr->tag);
    return AC_RETURNED;
ac_finally_raise:
    ac_fr->ac_pending = ac__catch();
    note_finally(ac_fr->tag);
    ac_err_set(ac_fr->ac_pending);
    ac_fr->ac_pending = NULL;
    return AC_RAISED;
}

/* A chain of depth+1 waitfor frames (tags depth..0) over leafco(fut). */
static inline ac_coro *chain(int depth, fakefut *fut)
{
    ac_coro *c = waitfor(leafco(fut), 0);
    for (int i = 1; i <= depth; i++)
        c = waitfor(c, i);
    return c;
}

/* ------------------------------------------------------------------ */
/* async void raiser(const ac_exc_type *type)   // line 30
 * {
 *     throw ac_exc_new(type, "raised");        // line 31
 * } */
typedef struct raiser__frame {
    ac_frame ac_hdr;
    const ac_exc_type *type;
} raiser__frame;
static int raiser__resume(ac_frame *ac_f);
static const ac_code raiser__code = {
    "raiser", FILE_AC,        30,  AC_KIND_CORO, sizeof(raiser__frame), 0, 0, 0,
    0,        raiser__resume, NULL};

static inline ac_coro *raiser(const ac_exc_type *type)
{
    raiser__frame *ac_fr = (raiser__frame *)ac__frame_new(&raiser__code);
    ac_fr->type = type;
    return (ac_coro *)ac_fr;
}

static int raiser__resume(ac_frame *ac_f)
{
    raiser__frame *ac_fr = (raiser__frame *)ac_f;
    ac__throw(ac_f, ac_exc_new(ac_fr->type, "raised"), NULL, 31);
    return AC_RAISED;
}

/* ------------------------------------------------------------------ */
/* async void stubborn_co(fakefut *a, fakefut *b)   // line 40
 * {
 *     try {
 *         await a;                             // line 43
 *     } catch (ac_GeneratorExit) {
 *         await b;                             // line 45
 *     }
 * } */
typedef struct stubborn_co__frame {
    ac_frame ac_hdr;
    fakefut *a, *b;
    void *ac_aw;
} stubborn_co__frame;
static int stubborn_co__resume(ac_frame *ac_f);
static void stubborn_co__drop(ac_frame *ac_f)
{
    ac_decref(((stubborn_co__frame *)ac_f)->ac_aw);
}
static const ac_code stubborn_co__code = {"stubborn_co",
                                          FILE_AC,
                                          40,
                                          AC_KIND_CORO,
                                          sizeof(stubborn_co__frame),
                                          0,
                                          0,
                                          0,
                                          0,
                                          stubborn_co__resume,
                                          stubborn_co__drop};

static inline ac_coro *stubborn_co(fakefut *a, fakefut *b)
{
    stubborn_co__frame *ac_fr =
        (stubborn_co__frame *)ac__frame_new(&stubborn_co__code);
    ac_fr->a = a;
    ac_fr->b = b;
    return (ac_coro *)ac_fr;
}

static int stubborn_co__resume(ac_frame *ac_f)
{
    stubborn_co__frame *ac_fr = (stubborn_co__frame *)ac_f;
    int ac_r;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    }
    ac_fr->ac_aw = ac_fr->a;
    ac_incref(ac_fr->ac_aw);
    ac_f->state = 1;
    ac_r = ac__await_start(ac_f, &ac_fr->ac_aw);
    if (ac_r != AC_RETURNED)
        return ac_r; /* suspended (AC_RAISED: not with these futures) */
ac_s1:
    if (ac__await_result(ac_f, &ac_fr->ac_aw, NULL, 0) < 0) {
        ac__raise(ac_f, 43, NULL);
        ac_exc *e = ac__catch();
        if (!ac_exc_matches(e, &ac_GeneratorExit)) {
            ac_err_set(e);
            return AC_RAISED;
        }
        ac_decref(e);
        ac_fr->ac_aw = ac_fr->b;
        ac_incref(ac_fr->ac_aw);
        ac_f->state = 2;
        ac_r = ac__await_start(ac_f, &ac_fr->ac_aw);
        if (ac_r != AC_RETURNED)
            return ac_r;
    ac_s2:
        if (ac__await_result(ac_f, &ac_fr->ac_aw, NULL, 0) < 0) {
            ac__raise(ac_f, 45, NULL);
            return AC_RAISED;
        }
    }
    return AC_RETURNED;
}

/* ------------------------------------------------------------------ */
/* async long wide(void *aw)                     // line 50
 * {
 *     return await aw;                          // line 52: long = int?
 * } */
typedef struct wide__frame {
    ac_frame ac_hdr;
    void *aw;
    long ac_result;
} wide__frame;
static int wide__resume(ac_frame *ac_f);
static void wide__drop(ac_frame *ac_f)
{
    ac_decref(((wide__frame *)ac_f)->aw);
}
static const ac_code wide__code = {"wide",
                                   FILE_AC,
                                   50,
                                   AC_KIND_CORO,
                                   sizeof(wide__frame),
                                   0,
                                   0,
                                   sizeof(long),
                                   offsetof(wide__frame, ac_result),
                                   wide__resume,
                                   wide__drop};

static inline ac_coro *wide(void *aw)
{
    wide__frame *ac_fr = (wide__frame *)ac__frame_new(&wide__code);
    ac_fr->aw = aw;
    return (ac_coro *)ac_fr;
}

static int wide__resume(ac_frame *ac_f)
{
    wide__frame *ac_fr = (wide__frame *)ac_f;
    int ac_r;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    ac_f->state = 1;
    ac_r = ac__await_start(ac_f, &ac_fr->aw);
    if (ac_r == AC_AWAITING || ac_r == AC_YIELDED)
        return ac_r;
    if (ac_r == AC_RAISED) {
        ac__raise(ac_f, 52, NULL);
        return AC_RAISED;
    }
ac_s1:
    if (ac__await_result(ac_f, &ac_fr->aw, &ac_fr->ac_result, sizeof(long)) <
        0) {
        ac__raise(ac_f, 52, NULL);
        return AC_RAISED;
    }
    return AC_RETURNED;
}

#endif
