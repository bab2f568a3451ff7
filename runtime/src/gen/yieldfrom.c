/* yieldfrom.c - `yield from`, PEP 380: one step of delegation from the
 * frame f to its sub-generator.  Sends and next() pass through; a thrown
 * exception is thrown into the sub-generator, except GeneratorExit, which
 * closes it and is then raised in f (CPython's _gen_throw); the
 * sub-generator's return value becomes the value of the expression. */
#include "gen/chain.h"

static int release(ac_gen **sub, int r)
{
    ac_gen *s = *sub;
    *sub = NULL;
    ac_decref(s);
    return r;
}

static int check_operand(ac_frame *f, ac_frame *s, size_t size, void *retval)
{
    if (s == NULL)
        return ac_err_occurred()
                   ? -1
                   : ac_err_format(&ac_TypeError, "'NoneType' object is not "
                                                  "iterable");
    if (ac__kind(s) == AC_OBJ_CORO)
        return ac_err_format(&ac_TypeError,
                             "cannot 'yield from' a coroutine object in a "
                             "non-coroutine generator");
    if (ac__kind(s) != AC_OBJ_GEN)
        return ac_err_format(&ac_TypeError, "'%s' object is not iterable",
                             s->ob.type->name);
    /* Its values go where f's go: a different size would overflow or be
     * reinterpreted. */
    if (s->code->yield_size != f->code->yield_size)
        return ac_err_format(&ac_TypeError,
                             "yield from: generator '%s' yields values of "
                             "size %zu, '%s' of size %zu",
                             s->code->name, s->code->yield_size, f->code->name,
                             f->code->yield_size);
    if (s->code->send_size != 0 && f->code->send_size != 0 &&
        s->code->send_size != f->code->send_size)
        return ac_err_format(&ac_TypeError,
                             "yield from: generator '%s' receives values of "
                             "size %zu, '%s' of size %zu",
                             s->code->name, s->code->send_size, f->code->name,
                             f->code->send_size);
    if (retval != NULL && size != s->code->result_size)
        return ac_err_format(&ac_TypeError,
                             "yield from: result of generator '%s' has size "
                             "%zu, destination has size %zu",
                             s->code->name, s->code->result_size, size);
    return 0;
}

/* GeneratorExit: close the sub-generator first; an error from that close
 * replaces the GeneratorExit. */
static int close_sub(ac_gen *s)
{
    ac_exc *exit = ac_err_fetch();
    if (ac_gen_close(s) < 0) {
        ac_decref(exit);
        return AC_RAISED;
    }
    ac_err_set(exit);
    return AC_RAISED;
}

/* Where the delegator's yielded value goes: its yield slot, or its
 * ac_gen_frame's out for a frame that writes through out itself. */
static void *yield_dest(ac_frame *f)
{
    return f->code->yield_offset != 0 ? AC__YIELD_SLOT(f) : ac__gf(f)->out;
}

/* The end of a delegation: f no longer waits on its sub-generator. */
static int finish(ac_frame *f, ac_gen **sub, int r)
{
    if (f->flags & AC__F_DELEG)
        ac__chain_changed(); /* f's chain ends at f now */
    f->flags &=
        (unsigned char)~(AC__F_DELEG | AC__F_SUB_DONE | AC__F_SUB_RAISED);
    f->waiting = NULL;
    return release(sub, r);
}

/* f resumed by gen.c's chain driver after its sub-generator s finished
 * there: raised (the exception is current) or returned its result, which
 * is still in s's frame. */
static int sub_done(ac_frame *f, ac_gen **sub, void *retval, size_t size)
{
    if (f->flags & AC__F_SUB_RAISED)
        return finish(f, sub, AC_RAISED);
    if (retval != NULL && size > 0)
        memcpy(retval, ac__frame_result((ac_frame *)*sub), size);
    return finish(f, sub, AC_RETURNED);
}

/* Called at the start of a delegation and on each resume of f in it.  The
 * operand is checked once; while the sub-generator is suspended, f is
 * marked (AC__F_DELEG, f->waiting) so that a send into f (or into any
 * generator delegating to f) is passed to the innermost generator by
 * gen.c without resuming f.  f's own code runs here only for what that
 * driver leaves to it: the first step, a throw or close, a step by a loop
 * that resumes f directly, a sub-generator that someone else ran, finished
 * or is running. */
int ac__yield_from(ac_frame *f, ac_gen **sub, void *retval, size_t size)
{
    ac_frame *s = (ac_frame *)*sub;
    if (f->flags & AC__F_SUB_DONE)
        return sub_done(f, sub, retval, size);
    if (!(f->flags & AC__F_DELEG) && check_operand(f, s, size, retval) < 0)
        return release(sub, AC_RAISED);
    if (retval != NULL)
        memset(retval, 0, size); /* an exhausted sub-generator gives None */

    int r;
    if (f->how == AC_HOW_THROW &&
        ac_exc_matches(ac_err_occurred(), &ac_GeneratorExit))
        r = close_sub(*sub);
    else
        r = ac__gen_step(s, f->how,
                         f->how == AC_HOW_SEND ? ac__gf(f)->sent : NULL,
                         yield_dest(f), retval, false);
    if (r == AC_YIELDED) {
        if (!(f->flags & AC__F_DELEG) || f->waiting != s)
            ac__chain_changed(); /* a chain through f goes on to s now */
        f->flags |= AC__F_DELEG;
        f->waiting = s;
        return r;
    }
    return finish(f, sub, r);
}
