/* gen.c - the generator protocol: send, next, throw, close (CPython's
 * gen_send_ex, gen_throw and gen_close in Objects/genobject.c). */
#include "gen/frame.h"

#include "core/exc_info.h"
#include "gen/chain.h"

#include <stdlib.h>

#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

/* How many generator steps this thread is inside. */
static _Thread_local unsigned gen_depth;

/* The checks before a frame may run, in CPython's order. */
static int check_resumable(ac_frame *g, int how, const void *sent, bool closing)
{
    const char *kind = ac__kind_word(g);
    if (g->status == AC_GEN_CREATED && how == AC_HOW_SEND && sent != NULL)
        return ac_err_format(&ac_TypeError,
                             "can't send non-None value to a just-started %s",
                             kind);
    if (ac__gen_running(g))
        return ac_err_format(&ac_ValueError, "%s already executing", kind);
    if (g->status == AC_GEN_CLOSED && g->code->kind == AC_KIND_CORO && !closing)
        return ac_err_format(&ac_RuntimeError,
                             "cannot reuse already awaited coroutine");
    return 0;
}

/* The checks before a step, and the steps of a frame not suspended:
 * true with the outcome in *r when g is not to run. */
static OUT_OF_LINE bool not_runnable(ac_frame *g, int how, const void *sent,
                                     bool closing, int *r)
{
    *r = AC_RAISED;
    if (check_resumable(g, how, sent, closing) < 0)
        return true;
    if (g->status == AC_GEN_CLOSED) { /* thrown exception stays current */
        *r = how == AC_HOW_THROW ? AC_RAISED : AC_RETURNED;
        return true;
    }
    if (g->status == AC_GEN_CREATED && how == AC_HOW_THROW) {
        *r = ac__frame_throw_unstarted(g);
        return true;
    }
    return false;
}

int ac__gen_finish(ac_frame *f, int r)
{
    ac_gen_frame *g = ac__gf(f);
    if (r == AC_RETURNED && f->code->result_size > 0 && g->out != NULL)
        memcpy(g->out, ac__frame_result(f), f->code->result_size);
    g->out = NULL;
    return ac__frame_finish(f, r);
}

int ac__gen_resume_linked(ac_frame *f, ac_resume_fn fn)
{
    ac__exc_link running;
    ac__exc_enter(&running, f);
    int r = fn(f);
    ac__exc_leave(&running);
    return r;
}

void ac__gen_iter_oom(void)
{
    fputs("asyncc: out of memory creating a generator\n", stderr);
    abort();
}

/* A yielded value to its consumer: the usual sizes without a call. */
static inline void copy_value(void *out, const void *slot, size_t size)
{
    if (size == 8)
        memcpy(out, slot, 8);
    else if (size == 4)
        memcpy(out, slot, 4);
    else
        memcpy(out, slot, size);
}

/* One step of g's own code, the checks done. */
static int run(ac_frame *g, int how, const void *sent, void *out, void *rout)
{
    g->status = AC_GEN_RUNNING;
    g->how = (unsigned char)how;
    ac__gf(g)->sent = sent;
    ac__gf(g)->out = out;
    gen_depth++;
    /* a delegator linked elsewhere than its chains' caches have it */
    ac__exc_link *link = &ac__gf(g)->link;
    if ((g->flags & AC__F_DELEG) && link->below != ac__exc_top)
        ac__chain_changed();
    ac__exc_enter(link, g);
    int r = g->code->resume(g);
    ac__exc_leave(link);
    gen_depth--;
    g->how = AC_HOW_SEND;
    ac__gf(g)->sent = NULL;
    if (r == AC_YIELDED) {
        g->status = AC_GEN_SUSPENDED;
        ac__gf(g)->out = NULL;
        if (out != NULL && g->code->yield_offset != 0)
            copy_value(out, AC__YIELD_SLOT(g), g->code->yield_size);
        return r;
    }
    ac__gf(g)->out = rout;
    return ac__gen_finish(g, r);
}

/* A send into g suspended in `yield from` (AC__F_DELEG): the innermost
 * suspended generator of its delegation chain runs directly, its value
 * copied once to out, in a constant number of instructions whatever the
 * depth: the chain's cache (chain.h) names it, the delegators between stay
 * suspended (ac__gen_running finds them running through this step's
 * record) and keep their links (ac_gen_frame.link) from when the cache was
 * made, as CPython's nested gen_send_ex calls would link them.  When it
 * finishes, its delegator goes on from its `yield from` (yieldfrom.c,
 * AC__F_SUB_DONE), and so on outward.  A chain whose sub-generator someone
 * else finished or is running, or one too deep for AC_MAX_GEN_DEPTH, steps
 * g's own code, which does what CPython does there. */
static int step_chain(ac_frame *g, const void *sent, void *out, void *rout)
{
    const ac__exc_link *below = ac__exc_top;
    ac__exc_link *link = &ac__gf(g)->link;
    link->f = g;
    if (link->below != below) { /* g may be another chain's delegator */
        link->below = below;
        ac__chain_changed();
    }
    struct ac__chain_cache *c = ac__chain_cached(g);
    if (c == NULL)
        c = ac__chain_build(g);
    unsigned depth = gen_depth;
    if (c == NULL || depth + c->levels >= AC_MAX_GEN_DEPTH)
        return run(g, AC_HOW_SEND, sent, out, rout);
    ac_frame *inner = c->inner, *leaf = inner->waiting;
    struct ac__chain_step step = {g, ac__chain_steps};
    ac__chain_steps = &step;
    g->status = AC_GEN_RUNNING;
    ac__exc_top = &ac__gf(inner)->link;
    gen_depth = depth + c->levels;
    int r = run(leaf, AC_HOW_SEND, sent, out, NULL);
    for (ac_frame *f = leaf; r != AC_YIELDED && f != g;) {
        ac_frame *parent = ac__gf(f)->link.below->f;
        ac__exc_top = ac__gf(parent)->link.below;
        gen_depth--;
        /* f finished: its delegator goes on from its `yield from` */
        parent->flags |=
            r == AC_RAISED ? AC__F_SUB_DONE | AC__F_SUB_RAISED : AC__F_SUB_DONE;
        r = run(parent, AC_HOW_SEND, NULL, out, parent == g ? rout : NULL);
        f = parent;
    }
    if (r == AC_YIELDED) /* g ran, or stays marked from above */
        g->status = AC_GEN_SUSPENDED;
    ac__exc_top = below;
    gen_depth = depth;
    ac__chain_steps = step.prev;
    return r;
}

int ac__gen_step(ac_frame *g, int how, const void *sent, void *out, void *rout,
                 bool closing)
{
    /* the checks need not be made for a suspended generator no chain
     * step can be running */
    if (g->status != AC_GEN_SUSPENDED ||
        ((g->flags & AC__F_DELEG) && ac__chain_steps != NULL)) {
        int r;
        if (not_runnable(g, how, sent, closing, &r))
            return r;
    }

    /* Each step nested in another (yield from, for … in, next() in a
     * body) takes C stack: past AC_MAX_GEN_DEPTH, RecursionError, as
     * CPython's recursion limit gives for deep `yield from` chains. */
    if (gen_depth >= AC_MAX_GEN_DEPTH) {
        if (how == AC_HOW_THROW)
            ac_err_clear();
        return ac_err_format(&ac_RecursionError,
                             "maximum recursion depth exceeded");
    }
    if ((g->flags & AC__F_DELEG) && how == AC_HOW_SEND)
        return step_chain(g, sent, out, rout);
    return run(g, how, sent, out, rout);
}

int ac_gen_send(ac_gen *g, const void *value, void *out)
{
    return ac__gen_step((ac_frame *)g, AC_HOW_SEND, value, out, out, false);
}

int ac__gen_next_sized(ac_gen *g, void *out, size_t size)
{
    ac_frame *f = (ac_frame *)g;
    if (f->code->yield_size != size)
        return ac_err_format(&ac_TypeError,
                             "'%s' yields %zu-byte values into a %zu-byte "
                             "loop variable",
                             f->code->name, f->code->yield_size, size);
    return ac__gen_step(f, AC_HOW_SEND, NULL, out, NULL, false);
}

int ac_gen_next(ac_gen *g, void *out)
{
    return ac__gen_step((ac_frame *)g, AC_HOW_SEND, NULL, out, out, false);
}

int ac_gen_throw(ac_gen *g, ac_exc *exc, void *out)
{
    if (exc == NULL) {
        if (ac_err_occurred() == NULL)
            ac_err_format(&ac_TypeError,
                          "exceptions must derive from BaseException");
        return AC_RAISED;
    }
    ac_frame *f = (ac_frame *)g;
    if (ac__gen_running(f)) { /* dropped, as CPython's gen_send_ex does */
        ac_decref(exc);
        return check_resumable(f, AC_HOW_THROW, NULL, false);
    }
    ac__err_restore(exc); /* chained where it lands (ac__raise) */
    return ac__gen_step((ac_frame *)g, AC_HOW_THROW, NULL, out, out, false);
}

int ac_gen_close(ac_gen *g)
{
    ac_frame *f = (ac_frame *)g;
    if (f->status == AC_GEN_CREATED || f->status == AC_GEN_CLOSED) {
        f->status = AC_GEN_CLOSED; /* nothing ran, nothing to run */
        return 0;
    }
    if (ac__gen_running(f)) /* before a GeneratorExit is set */
        return check_resumable(f, AC_HOW_THROW, NULL, true);
    /* set as new (CPython's PyErr_SetNone): its context is what the
     * closer handles, unless the generator handles something itself */
    ac_err_set(ac_exc_new(&ac_GeneratorExit, NULL));
    return ac__closed_ok(f,
                         ac__gen_step(f, AC_HOW_THROW, NULL, NULL, NULL, true));
}

ac_gen_state ac_gen_getstate(const ac_gen *g)
{
    const ac_frame *f = (const ac_frame *)g;
    return ac__gen_running(f) ? AC_GEN_RUNNING : (ac_gen_state)f->status;
}
