/* coro.c - coroutines: the await-chain driver and the coroutine protocol.
 *
 * An `await` on a coroutine links child->awaiter = parent and
 * parent->waiting = child (await.c) and returns AC_AWAITING; the driver
 * then runs the child itself, so the C stack never grows with the depth of
 * the chain.  When a frame finishes, the driver resumes its awaiter
 * (AC_HOW_THROW with the exception current when it raised).  A chain
 * suspends when its leaf waits on a non-frame awaitable (a future): the
 * caller keeps the leaf and resumes exactly that frame later, so a resume
 * costs the same at any depth.
 *
 * Async generators (agen.c hooks in here): ac_anext/ac_asend/... return a
 * small coroutine frame written in C whose resume links the generator's
 * frame as its child (ag->awaiter = op, op->waiting = ag, ag->how and
 * its ac_gen_frame's sent, and out = the op's result slot) and returns
 * AC_AWAITING.  The driver runs the generator like any awaited frame, and it
 * may await futures in turn (then it is the leaf).  When it yields to its
 * consumer it returns AC_AGEN_YIELDED: the driver leaves it suspended, unlinks
 * it and resumes the op with AC_HOW_SEND; when it returns or raises, it is
 * finished here (PEP 479 for StopAsyncIteration in ac__frame_finish) and the op
 * resumed as after any child.  The op turns that into its own result (the
 * value, StopAsyncIteration, the exception).  The generator's finalizer hook is
 * its type's dealloc (agen.c), not frame.c's. */
#include "gen/frame.h"

#include "core/exc_info.h"

/* Resumes f's awaiter after f stopped with r. */
static ac_frame *resume_awaiter(ac_frame *f, int r)
{
    ac_frame *parent = f->awaiter;
    f->awaiter = NULL;
    parent->how = r == AC_RAISED ? AC_HOW_THROW : AC_HOW_SEND;
    return parent;
}

/* A leaf that another driver finished meanwhile (a second task given the
 * same coroutine, or a task and an await sharing one): CPython's
 * gen_send_ex on an exhausted coroutine replaces what was sent or thrown
 * by this RuntimeError, raised in the frame that awaits it. */
static void reused(ac_frame *f)
{
    f->how = AC_HOW_SEND;
    ac_decref(ac_err_fetch()); /* a throw's exception, replaced */
    ac_err_format(&ac_RuntimeError, "cannot reuse already awaited coroutine");
}

/* The driver.  resumed: the caller already ran (*leaf)'s resume with a
 * send, which returned r (ac__coro_drive_resumed); the loop starts at its
 * outcome. */
static inline int drive(ac_frame *top, ac_frame **leaf, int r, bool resumed)
{
    ac_frame *f = *leaf;
    /* a throw delegated down the chain, not yet caught: what comes back
     * up is chained at each frame as thrown (CPython's _gen_throw resumes
     * each delegating frame with gen_send_ex(exc=1)) */
    bool throwing = !resumed && f->how == AC_HOW_THROW;
    /* the frame the throw was delegated from (top, unless a frame linked a
     * child with a throw: see below); frames above it were not thrown into */
    ac_frame *thrown_from = top;
    if (resumed)
        goto outcome;
    for (;;) {
        if (f->status == AC_GEN_CLOSED && f->code->kind == AC_KIND_CORO) {
            reused(f);
            r = AC_RAISED;
        } else if (f->status == AC_GEN_CREATED && f->how == AC_HOW_THROW) {
            f->how = AC_HOW_SEND; /* thrown in before it ever ran */
            r = ac__frame_throw_unstarted(f);
        } else {
            f->status = AC_GEN_RUNNING;
            ac__exc_link running;
            ac__exc_enter(&running, f);
            r = f->code->resume(f);
            ac__exc_leave(&running);
        outcome:
            f->how = AC_HOW_SEND;
            switch (r) {
            case AC_AWAITING: /* run the child now, f waits for it */
                f->status = AC_GEN_SUSPENDED;
                /* An aclose()/athrow() linking a generator that awaits
                 * throws into the generator's leaf (agen.c): the frames
                 * from there up to the generator delegated that throw. */
                thrown_from = f->waiting;
                f = ac__chain_leaf(f);
                throwing = f->how == AC_HOW_THROW;
                continue;
            case AC_YIELDED: /* the leaf waits on a future: suspend */
                f->status = AC_GEN_SUSPENDED;
                *leaf = f;
                return r;
            case AC_AGEN_YIELDED: /* a value for the frame awaiting it */
                f->status = AC_GEN_SUSPENDED;
                break;
            default:
                r = ac__frame_finish(f, r);
                break;
            }
        }
        if (f == top || f->awaiter == NULL) {
            *leaf = f;
            return r;
        }
        throwing = throwing && r == AC_RAISED && f != thrown_from;
        f = resume_awaiter(f, r);
        if (throwing)
            f->flags |= AC__F_THROW_BACK;
    }
}

int ac__coro_drive(ac_frame *top, ac_frame **leaf)
{
    return drive(top, leaf, AC_YIELDED, false);
}

int ac__coro_drive_resumed(ac_frame *top, ac_frame **leaf, int r)
{
    return drive(top, leaf, r, true);
}

/* Drives the chain c heads from its leaf; a yielded value is the awaitable
 * the leaf waits on, a return value is R. */
static int run(ac_frame *c, ac_frame *leaf, void *out)
{
    int r = ac__coro_drive(c, &leaf);
    if (r == AC_YIELDED && out != NULL)
        memcpy(out, &leaf->waiting, sizeof(void *));
    else if (r == AC_RETURNED && out != NULL && c->code->result_size > 0)
        memcpy(out, ac__frame_result(c), c->code->result_size);
    return r;
}

/* The errors of CPython's gen_send_ex for a coroutine c whose chain ends at
 * leaf. */
static int check_resumable(ac_frame *c, ac_frame *leaf)
{
    if (leaf->status == AC_GEN_RUNNING)
        return ac_err_format(&ac_ValueError, "coroutine already executing");
    if (c->status == AC_GEN_CLOSED)
        return ac_err_format(&ac_RuntimeError,
                             "cannot reuse already awaited coroutine");
    return 0;
}

int ac_coro_send(ac_coro *co, const void *value, void *out)
{
    ac_frame *c = (ac_frame *)co;
    if (c->status == AC_GEN_CREATED && value != NULL)
        return ac_err_format(&ac_TypeError, "can't send non-None value to "
                                            "a just-started coroutine");
    ac_frame *leaf = ac__chain_leaf(c);
    if (check_resumable(c, leaf) < 0)
        return AC_RAISED;
    leaf->how = AC_HOW_SEND;
    return run(c, leaf, out);
}

/* Throws the current exception into frame `at` of the chain c heads; the
 * driver raises it at once in a frame that never ran. */
static int throw_at(ac_frame *c, ac_frame *at, void *out)
{
    at->how = AC_HOW_THROW;
    return run(c, at, out);
}

/* The coroutine f awaits, if it awaits one. */
static ac_frame *coro_child(ac_frame *f)
{
    ac_frame *child = ac__awaited_frame(f);
    return child != NULL && child->code->kind == AC_KIND_CORO ? child : NULL;
}

/* CPython's _gen_throw for GeneratorExit: the awaited coroutine is closed
 * first, then exc (or the error that close raised) is raised in c.  Done
 * innermost first, without recursion, so that a chain of any depth closes
 * in constant C stack: each coroutine below c is resumed on its own (the
 * driver stops at it) with a GeneratorExit of its own, or with the error
 * its child's close raised. */
static int close_chain(ac_frame *c, ac_exc *exc, void *out)
{
    ac_frame *bottom = c;
    for (ac_frame *k; (k = coro_child(bottom)) != NULL;)
        bottom = k;
    bool failed = false; /* the close below raised: its error is current */
    for (ac_frame *f = bottom; f != c;) {
        ac_frame *parent = f->awaiter;
        if (!failed)
            ac_err_set(ac_exc_new(&ac_GeneratorExit, NULL));
        ac_frame *at = f == bottom ? ac__chain_leaf(f) : f;
        at->how = AC_HOW_THROW;
        failed = ac__closed_ok(f, ac__coro_drive(f, &at)) < 0;
        f = parent;
    }
    if (failed)
        ac_decref(exc); /* the close error is thrown instead */
    else
        ac__err_restore(exc);
    return throw_at(c, c == bottom ? ac__chain_leaf(c) : c, out);
}

/* CPython's _gen_throw: GeneratorExit closes the awaited coroutine first
 * and is raised in c; anything else is thrown into the innermost frame and
 * travels up the chain. */
int ac_coro_throw(ac_coro *co, ac_exc *exc, void *out)
{
    ac_frame *c = (ac_frame *)co;
    ac_frame *leaf = ac__chain_leaf(c);
    if (exc == NULL) {
        if (ac_err_occurred() == NULL)
            ac_err_format(&ac_TypeError,
                          "exceptions must derive from BaseException");
        return AC_RAISED;
    }
    if (check_resumable(c, leaf) < 0) {
        ac_decref(exc);
        return AC_RAISED;
    }
    if (ac_exc_matches(exc, &ac_GeneratorExit))
        return close_chain(c, exc, out);
    ac__err_restore(exc); /* chained where it lands (ac__raise) */
    return throw_at(c, leaf, out);
}

int ac_coro_close(ac_coro *co)
{
    ac_frame *c = (ac_frame *)co;
    if (c->status == AC_GEN_CREATED || c->status == AC_GEN_CLOSED) {
        c->status = AC_GEN_CLOSED;
        return 0;
    }
    /* close() sets GeneratorExit as new (CPython's gen_close): its context
     * is what the closer handles; coro.throw(GeneratorExit) gets none */
    ac_exc *exit = ac_exc_new(&ac_GeneratorExit, NULL);
    ac__exc_chain(exit);
    return ac__closed_ok(c, ac_coro_throw(co, exit, NULL));
}

ac_coro_state ac_coro_getstate(const ac_coro *co)
{
    ac_frame *c = (ac_frame *)co;
    if (c->status == AC_GEN_SUSPENDED &&
        ac__chain_leaf(c)->status == AC_GEN_RUNNING)
        return AC_CORO_RUNNING; /* a frame it awaits is running */
    return (ac_coro_state)c->status;
}
