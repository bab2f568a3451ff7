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
    ac_err_set(ac_exc_new(&ac_GeneratorExit, NULL));
    return ac__closed_ok(f,
                         ac__gen_step(f, AC_HOW_THROW, NULL, NULL, NULL, true));
}

ac_gen_state ac_gen_getstate(const ac_gen *g)
{
    return (ac_gen_state)((const ac_frame *)g)->status;
}
