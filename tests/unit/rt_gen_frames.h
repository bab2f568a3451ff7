/* rt_gen_frames.h - hand-written generator frames shaped like the
 * translator's output (docs/DESIGN.md), shared by rt_gen*.c. */
#ifndef RT_GEN_FRAMES_H
#define RT_GEN_FRAMES_H

#include "rt_core_test.h"

#define FILE_AC "gen.ac"

/* Counts the finally blocks run, to see close() reach them. */
static int finally_runs;

/* generator(long, long, long) acc(long n)      // line 1
 * {
 *     long total = 0;
 *     for (long i = 0; i < n; i++)
 *         total += yield i;                    // line 5
 *     return total;
 * } */
typedef struct acc__frame {
    ac_gen_frame ac_hdr;
    long n, i, total;
    long ac_result;
} acc__frame;
static int acc__resume(ac_frame *ac_f);
static const ac_code acc__code = {"acc",
                                  FILE_AC,
                                  1,
                                  AC_KIND_GEN,
                                  sizeof(acc__frame),
                                  sizeof(long),
                                  sizeof(long),
                                  sizeof(long),
                                  offsetof(acc__frame, ac_result),
                                  acc__resume,
                                  NULL};

static ac_gen *acc(long n)
{
    acc__frame *ac_fr = (acc__frame *)ac__frame_new(&acc__code);
    if (ac_fr == NULL)
        return NULL;
    ac_fr->n = n;
    return (ac_gen *)ac_fr;
}

static int acc__resume(ac_frame *ac_f)
{
    acc__frame *ac_fr = (acc__frame *)ac_f;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    ac_fr->total = 0;
    for (ac_fr->i = 0; ac_fr->i < ac_fr->n; ac_fr->i++) {
        {
            long ac_y = ac_fr->i;
            if (ac__gf(ac_f)->out)
                memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
        }
        ac_f->state = 1;
        return AC_YIELDED;
    ac_s1:
        if (ac_f->how == AC_HOW_THROW) {
            ac__raise(ac_f, 5, NULL);
            goto ac_unwind;
        }
        ac_fr->total += AC__SENT(ac_f, long);
    }
    ac_fr->ac_result = ac_fr->total;
    return AC_RETURNED;
ac_unwind:
    return AC_RAISED;
}

/* generator(int) guarded(void)                 // line 20
 * {
 *     try {
 *         yield 1;                             // line 23
 *         yield 2;                             // line 24
 *     } finally {
 *         finally_runs++;
 *     }
 * } */
typedef struct guarded__frame {
    ac_gen_frame ac_hdr;
    ac_exc *ac_pending;
} guarded__frame;
static int guarded__resume(ac_frame *ac_f);
static void guarded__drop(ac_frame *ac_f)
{
    ac_decref(((guarded__frame *)ac_f)->ac_pending);
}
static const ac_code guarded__code = {
    "guarded",    FILE_AC, 20, AC_KIND_GEN, sizeof(guarded__frame),
    sizeof(int),  0,       0,  0,           guarded__resume,
    guarded__drop};

static int guarded__resume(ac_frame *ac_f)
{
    guarded__frame *ac_fr = (guarded__frame *)ac_f;
    int ac_y;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    }
    ac_y = 1;
    if (ac__gf(ac_f)->out)
        memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_YIELDED;
ac_s1:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 23, NULL);
        goto ac_finally_raise;
    }
    ac_y = 2;
    if (ac__gf(ac_f)->out)
        memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    ac_f->state = 2;
    return AC_YIELDED;
ac_s2:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 24, NULL);
        goto ac_finally_raise;
    }
    finally_runs++;
    return AC_RETURNED;
ac_finally_raise:
    ac_fr->ac_pending = ac__catch();
    finally_runs++;
    ac_err_set(ac_fr->ac_pending);
    ac_fr->ac_pending = NULL;
    return AC_RAISED;
}

/* generator(int) stubborn(void)                // line 30
 * {
 *     try {
 *         yield 1;                             // line 33
 *     } catch (ac_GeneratorExit) {
 *         yield 2;                             // line 35
 *     }
 * } */
static int stubborn__resume(ac_frame *ac_f);
static const ac_code stubborn__code = {
    "stubborn",  FILE_AC, 30, AC_KIND_GEN, sizeof(ac_frame),
    sizeof(int), 0,       0,  0,           stubborn__resume,
    NULL};

static int stubborn__resume(ac_frame *ac_f)
{
    int ac_y;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    case 2:
        goto ac_s2;
    }
    ac_y = 1;
    if (ac__gf(ac_f)->out)
        memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_YIELDED;
ac_s1:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 33, NULL);
        ac_exc *e = ac__catch();
        if (!ac_exc_matches(e, &ac_GeneratorExit)) {
            ac_err_set(e);
            return AC_RAISED;
        }
        ac_decref(e);
        ac_y = 2;
        if (ac__gf(ac_f)->out)
            memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
        ac_f->state = 2;
        return AC_YIELDED;
    }
    return AC_RETURNED;
ac_s2:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 35, NULL);
        return AC_RAISED;
    }
    return AC_RETURNED;
}

/* generator(int) leaky(int how)                // line 40
 * {
 *     yield 1;                                 // line 42
 *     if (how == 0) throw ac_exc_new(&ac_StopIteration, NULL);  // line 43
 *     throw ac_exc_new(&ac_ValueError, "boom");                 // line 44
 * }
 * With how == 2 the ValueError comes from a finally run by close(). */
typedef struct leaky__frame {
    ac_gen_frame ac_hdr;
    int how;
} leaky__frame;
static int leaky__resume(ac_frame *ac_f);
static const ac_code leaky__code = {
    "leaky",     FILE_AC, 40, AC_KIND_GEN, sizeof(leaky__frame),
    sizeof(int), 0,       0,  0,           leaky__resume,
    NULL};

static int leaky__resume(ac_frame *ac_f)
{
    leaky__frame *ac_fr = (leaky__frame *)ac_f;
    int ac_y = 1;
    switch (ac_f->state) {
    case 0:
        break;
    case 1:
        goto ac_s1;
    }
    if (ac__gf(ac_f)->out)
        memcpy(ac__gf(ac_f)->out, &ac_y, sizeof ac_y);
    ac_f->state = 1;
    return AC_YIELDED;
ac_s1:
    if (ac_f->how == AC_HOW_THROW) {
        ac__raise(ac_f, 42, NULL);
        if (ac_fr->how != 2)
            return AC_RAISED;
        ac_exc *handled = ac__catch(); /* finally { throw ValueError } */
        ac__throw(ac_f, ac_exc_new(&ac_ValueError, "boom"), handled, 44);
        ac_decref(handled);
        return AC_RAISED;
    }
    if (ac_fr->how == 0)
        ac__throw(ac_f, ac_exc_new(&ac_StopIteration, NULL), NULL, 43);
    else
        ac__throw(ac_f, ac_exc_new(&ac_ValueError, "boom"), NULL, 44);
    return AC_RAISED;
}

/* generator(int) selfish(void)                 // line 50
 * {
 *     ac_gen_next(me, NULL) or raise;          // line 52
 *     yield 1;
 * } */
typedef struct selfish__frame {
    ac_gen_frame ac_hdr;
    ac_gen *me; /* borrowed */
} selfish__frame;
static int selfish__resume(ac_frame *ac_f);
static const ac_code selfish__code = {
    "selfish",   FILE_AC, 50, AC_KIND_GEN, sizeof(selfish__frame),
    sizeof(int), 0,       0,  0,           selfish__resume,
    NULL};

static int selfish__resume(ac_frame *ac_f)
{
    selfish__frame *ac_fr = (selfish__frame *)ac_f;
    if (ac_gen_next(ac_fr->me, NULL) == AC_RAISED) {
        ac__raise(ac_f, 52, NULL);
        return AC_RAISED;
    }
    return AC_RETURNED;
}

static ac_gen *make(const ac_code *code)
{
    return (ac_gen *)ac__frame_new(code);
}

#endif
