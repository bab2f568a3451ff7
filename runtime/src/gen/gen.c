/* gen.c - the generator protocol: send, next, throw, close (CPython's
 * gen_send_ex, gen_throw and gen_close in Objects/genobject.c). */
#include "gen/frame.h"

#include "core/exc_info.h"

#include <stdlib.h>

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
    if (g->status == AC_GEN_RUNNING)
        return ac_err_format(&ac_ValueError, "%s already executing", kind);
    if (g->status == AC_GEN_CLOSED && g->code->kind == AC_KIND_CORO && !closing)
        return ac_err_format(&ac_RuntimeError,
                             "cannot reuse already awaited coroutine");
    return 0;
}

int ac__gen_finish(ac_frame *f, int r)
{
    if (r == AC_RETURNED && f->code->result_size > 0 && f->out != NULL)
        memcpy(f->out, ac__frame_result(f), f->code->result_size);
    f->out = NULL;
    return ac__frame_finish(f, r);
}

int ac__gen_resume_linked(ac_frame *f, ac_resume_fn fn)
{
    ac__exc_enter(f);
    int r = fn(f);
    ac__exc_leave(f);
    return r;
}

void ac__gen_iter_oom(void)
{
    fputs("asyncc: out of memory creating a generator\n", stderr);
    abort();
}

/* One step of g's own code, the checks done. */
static int run(ac_frame *g, int how, const void *sent, void *out, void *rout)
{
    g->status = AC_GEN_RUNNING;
    g->how = (unsigned char)how;
    g->sent = sent;
    g->out = out;
    gen_depth++;
    ac__exc_enter(g);
    int r = g->code->resume(g);
    ac__exc_leave(g);
    gen_depth--;
    g->how = AC_HOW_SEND;
    g->sent = NULL;
    if (r == AC_YIELDED) {
        g->status = AC_GEN_SUSPENDED;
        g->out = NULL;
        if (out != NULL && g->code->yield_offset != 0)
            memcpy(out, AC__YIELD_SLOT(g), g->code->yield_size);
        return r;
    }
    g->out = rout;
    return ac__gen_finish(g, r);
}

/* A send into g suspended in `yield from` (AC__F_DELEG): the innermost
 * suspended generator of its delegation chain runs directly, its value
 * copied once to out, so a step costs a few instructions per level
 * instead of a resume of each delegator.  The delegators are marked
 * running and linked below it (exc_prev) as CPython's nested gen_send_ex
 * calls would have them; when it finishes, its delegator goes on from its
 * `yield from` (yieldfrom.c, AC__F_SUB_DONE), and so on outward.  A chain
 * whose sub-generator someone else finished or is running, or one too deep
 * for AC_MAX_GEN_DEPTH, steps g's own code, which does what CPython
 * does there. */
static int step_chain(ac_frame *g, const void *sent, void *out, void *rout)
{
    /* Below g, a generator's waiting is set only while it delegates. */
    ac_frame *below = ac__exc_running, *leaf = g, *s;
    unsigned levels = 0;
    while ((s = leaf->waiting) != NULL && s->status == AC_GEN_SUSPENDED) {
        leaf->status = AC_GEN_RUNNING;
        leaf->exc_prev = below;
        below = leaf;
        leaf = s;
        levels++;
    }
    unsigned depth = gen_depth;
    if (levels == 0 || depth + levels >= AC_MAX_GEN_DEPTH) {
        for (ac_frame *f = g; f != leaf; f = f->waiting)
            f->status = AC_GEN_SUSPENDED;
        return run(g, AC_HOW_SEND, sent, out, rout);
    }
    ac__exc_running = below;
    gen_depth = depth + levels;
    int r = run(leaf, AC_HOW_SEND, sent, out, NULL);
    if (r == AC_YIELDED) {
        /* the usual case: back to g's caller */
        for (ac_frame *f = below; f != g; f = f->exc_prev)
            f->status = AC_GEN_SUSPENDED;
        g->status = AC_GEN_SUSPENDED;
        ac__exc_running = g->exc_prev;
        gen_depth = depth;
        return r;
    }
    for (ac_frame *f = leaf; f != g;) {
        ac_frame *parent = f->exc_prev;
        ac__exc_running = parent->exc_prev;
        gen_depth--;
        if (r == AC_YIELDED) {
            for (; parent != g; parent = parent->exc_prev)
                parent->status = AC_GEN_SUSPENDED;
            g->status = AC_GEN_SUSPENDED;
            ac__exc_running = g->exc_prev;
            gen_depth = depth;
            return r;
        }
        /* f finished: its delegator goes on from its `yield from` */
        parent->flags |=
            r == AC_RAISED ? AC__F_SUB_DONE | AC__F_SUB_RAISED : AC__F_SUB_DONE;
        r = run(parent, AC_HOW_SEND, NULL, out, parent == g ? rout : NULL);
        f = parent;
    }
    return r;
}

int ac__gen_step(ac_frame *g, int how, const void *sent, void *out, void *rout,
                 bool closing)
{
    if (check_resumable(g, how, sent, closing) < 0)
        return AC_RAISED;
    if (g->status == AC_GEN_CLOSED) /* thrown exception stays current */
        return how == AC_HOW_THROW ? AC_RAISED : AC_RETURNED;
    if (g->status == AC_GEN_CREATED && how == AC_HOW_THROW)
        return ac__frame_throw_unstarted(g);

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
    ac_err_set(exc);
    return ac__gen_step((ac_frame *)g, AC_HOW_THROW, NULL, out, out, false);
}

int ac_gen_close(ac_gen *g)
{
    ac_frame *f = (ac_frame *)g;
    if (f->status == AC_GEN_CREATED || f->status == AC_GEN_CLOSED) {
        f->status = AC_GEN_CLOSED; /* nothing ran, nothing to run */
        return 0;
    }
    if (f->status == AC_GEN_RUNNING) /* before a GeneratorExit is set */
        return check_resumable(f, AC_HOW_THROW, NULL, true);
    ac_err_set(ac_exc_new(&ac_GeneratorExit, NULL));
    return ac__closed_ok(f,
                         ac__gen_step(f, AC_HOW_THROW, NULL, NULL, NULL, true));
}

ac_gen_state ac_gen_getstate(const ac_gen *g)
{
    return (ac_gen_state)((const ac_frame *)g)->status;
}
