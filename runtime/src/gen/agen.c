/* agen.c - async generators: the awaitables ac_anext, ac_asend, ac_athrow
 * and ac_aclose return (CPython's async_gen_asend and async_gen_athrow
 * objects), introspection, the firstiter/finalizer hooks and the
 * generator's dealloc.
 *
 * Each awaitable is a small coroutine frame written in C (so a task can run
 * it, as asyncio's create_task runs aclose()).  Its first resume makes
 * CPython's checks, sets up the generator's step (how, sent, out = its own
 * result buffer) and links the generator into the await chain as its child:
 * the driver (coro.c) then runs the generator like any awaited frame.  When
 * the generator yields to its consumer (AC_AGEN_YIELDED), finishes or
 * raises, the driver resumes the awaitable, which turns that into its
 * result: the value, StopAsyncIteration, or the exception.  The first call
 * on a generator runs its hooks (agen_final.c). */

#include "core/exc_info.h"
#include "gen/agen.h"
#include "gen/frame.h"

enum { OP_SEND, OP_THROW, OP_CLOSE };

typedef struct agen_op {
    ac_frame hdr;
    ac_code code;   /* its own: the result is the generator's Y */
    ac_frame *ag;   /* owned */
    ac_exc *exc;    /* athrow: thrown in at the start (owned until then) */
    int mode;       /* OP_* */
    bool has_value; /* asend with a value (not None) */
    unsigned char *value; /* send_size bytes, in the frame's tail */
} agen_op;

/* The frame's tail: the result (Y), then the value sent (S). */
#define OP_ALIGN 16
static size_t round_up(size_t n)
{
    return (n + OP_ALIGN - 1) / OP_ALIGN * OP_ALIGN;
}

static const char *op_names[] = {"asend", "athrow", "aclose"};
static const char *running_msgs[] = {
    "anext(): asynchronous generator is already running",
    "athrow(): asynchronous generator is already running",
    "aclose(): asynchronous generator is already running"};

static ac__agen_ext *ext_of(const ac_frame *ag)
{
    return ac__agen_ext_of(ag);
}

/* ------------------------------------------------------------------ */
/* After the generator stopped: CPython's async_gen_unwrap_value and the  */
/* aclose() rules                                                         */
/* ------------------------------------------------------------------ */

/* It yielded a value (now in the op's result) to its consumer. */
static int op_yielded(agen_op *op)
{
    ac__agen_ext *ext = ext_of(op->ag);
    ext->running_async = false;
    if (op->mode == OP_CLOSE)
        return ac_err_format(&ac_RuntimeError,
                             "async generator ignored GeneratorExit");
    ac_agen_yield_hook hook = ac__agen_yield_hook();
    if (hook != NULL)
        hook((ac_agen *)op->ag, ac__frame_result(&op->hdr));
    return AC_RETURNED;
}

/* It returned (or had returned before): StopAsyncIteration, except that
 * aclose() is then done. */
static int op_returned(agen_op *op)
{
    ac__agen_ext *ext = ext_of(op->ag);
    ext->running_async = false;
    ext->closed = true;
    if (op->mode == OP_CLOSE)
        return AC_RETURNED;
    ac_err_set(ac_exc_new(&ac_StopAsyncIteration, NULL));
    return AC_RAISED;
}

/* It raised (the exception is current). */
static int op_raised(agen_op *op)
{
    ac__agen_ext *ext = ext_of(op->ag);
    ext->running_async = false;
    ac_exc *e = ac_err_occurred();
    bool ends = ac_exc_matches(e, &ac_StopAsyncIteration) ||
                ac_exc_matches(e, &ac_GeneratorExit);
    if (ends)
        ext->closed = true;
    if (ends && op->mode == OP_CLOSE) {
        ac_err_clear(); /* what aclose() asked for */
        return AC_RETURNED;
    }
    return AC_RAISED;
}

/* ------------------------------------------------------------------ */
/* Starting a step of the generator                                     */
/* ------------------------------------------------------------------ */

/* Links the generator below the op; the driver runs it next, from the
 * innermost frame of its chain (the generator itself, but for an athrow()
 * or aclose() started while it awaits: see throw_at_init). */
static int run_generator(agen_op *op, int how, const void *sent)
{
    ac_frame *ag = op->ag;
    ac_frame *leaf = ac__chain_leaf(ag);
    leaf->how = (unsigned char)how;
    ac__frame_set_sent(leaf, sent);
    ac__gf(ag)->out = ac__frame_result(&op->hdr);
    ag->awaiter = &op->hdr;
    op->hdr.waiting = ag;
    op->hdr.state = 1;
    return AC_AWAITING;
}

/* Throws the current exception into the generator, CPython's gen_throw:
 * one that never ran finishes at once, a finished one re-raises it. */
static int throw_into(agen_op *op)
{
    ac_frame *ag = op->ag;
    switch (ag->status) {
    case AC_GEN_CREATED:
        ac__frame_throw_unstarted(ag);
        return op_raised(op);
    case AC_GEN_CLOSED:
        return op_raised(op);
    case AC_GEN_RUNNING:
        ac_err_format(&ac_ValueError, "async generator already executing");
        return op_raised(op);
    default:
        return run_generator(op, AC_HOW_THROW, NULL);
    }
}

/* __anext__() / asend(value): async_gen_asend_send in its INIT state. */
static int start_send(agen_op *op)
{
    ac_frame *ag = op->ag;
    ac__agen_ext *ext = ext_of(ag);
    if (ext->running_async)
        return ac_err_format(&ac_RuntimeError, "%s", running_msgs[OP_SEND]);
    ext->running_async = true;
    if (ag->status == AC_GEN_CREATED && op->has_value) {
        ac_err_format(&ac_TypeError, "can't send non-None value to a "
                                     "just-started async generator");
        return op_raised(op);
    }
    if (ag->status == AC_GEN_RUNNING) {
        ac_err_format(&ac_ValueError, "async generator already executing");
        return op_raised(op);
    }
    if (ag->status == AC_GEN_CLOSED)
        return op_returned(op);
    return run_generator(op, AC_HOW_SEND, op->has_value ? op->value : NULL);
}

/* athrow(exc) / aclose(): async_gen_athrow_send in its INIT state. */
static int start_throw(agen_op *op)
{
    ac_frame *ag = op->ag;
    ac__agen_ext *ext = ext_of(ag);
    if (ag->status == AC_GEN_CLOSED)
        return AC_RETURNED; /* finished: athrow()/aclose() give None */
    if (ext->running_async)
        return ac_err_format(&ac_RuntimeError, "%s", running_msgs[op->mode]);
    if (ext->closed) {
        ac_err_set(ac_exc_new(&ac_StopAsyncIteration, NULL));
        return AC_RAISED;
    }
    ext->running_async = true;
    if (op->mode == OP_CLOSE) {
        ext->closed = true;
        /* thrown as CPython's _gen_throw does: no context from the
         * closer's handler, only from the generator's own (ac__raise) */
        ac__err_restore(ac_exc_new(&ac_GeneratorExit, NULL));
    } else {
        ac__err_restore(op->exc);
        op->exc = NULL;
    }
    return throw_into(op);
}

/* The generator stopped (the driver unlinked it, or it was driven by
 * throw_at_init): its outcome r (AC_RAISED: the exception is current). */
static int generator_stopped(agen_op *op, int r)
{
    ac_frame *ag = op->ag;
    ac__gf(ag)->out = NULL;
    op->hdr.state = 2;
    if (r == AC_RAISED)
        return op_raised(op);
    if (ag->status == AC_GEN_CLOSED)
        return op_returned(op);
    return op_yielded(op);
}

/* athrow()/aclose() thrown into before it started (its task cancelled):
 * CPython 3.11's async_gen_athrow_throw throws into the generator but
 * leaves the awaitable in its initial state.  So the generator is driven
 * here, unlinked from the op; when it waits on a future the op waits with
 * it (state 3), and the next send starts the athrow()/aclose() for real:
 * GeneratorExit (or athrow's exception) thrown in where the generator
 * awaits.  (In asyncio: a generator cancelled in a finally block that
 * awaits gets GeneratorExit at that await.) */
static int throw_at_init(agen_op *op)
{
    ac_frame *ag = op->ag;
    if (ag->status != AC_GEN_SUSPENDED)
        return throw_into(op);
    ac_frame *leaf = ac__chain_leaf(ag);
    leaf->how = AC_HOW_THROW;
    ac__frame_set_sent(leaf, NULL);
    ac__gf(ag)->out = ac__frame_result(&op->hdr);
    int r = ac__coro_drive(ag, &leaf);
    if (r != AC_YIELDED)
        return generator_stopped(op, r == AC_AGEN_YIELDED ? AC_RETURNED : r);
    op->hdr.waiting = leaf->waiting; /* what the task waits on, borrowed */
    op->hdr.state = 3;
    return AC_YIELDED;
}

/* In state 3, woken: by a future that failed or was cancelled, CPython's
 * task throws that in (athrow's throw(), still in its initial state),
 * which the generator's innermost frame reads itself. */
static bool woken_by_failure(void *aw)
{
    if (aw == NULL || ac__kind(aw) != AC_OBJ_FUTURE || !ac_future_done(aw))
        return false;
    if (ac_future_cancelled(aw))
        return true;
    ac_exc *saved = ac_err_fetch();
    bool failed = ac_future_result(aw, NULL) < 0;
    ac_err_clear();
    ac_err_set(saved);
    return failed;
}

static int resume_at_init(agen_op *op)
{
    ac_frame *f = &op->hdr;
    void *woken_by = f->waiting;
    f->waiting = NULL;
    if (f->how == AC_HOW_THROW)
        return throw_at_init(op);
    if (woken_by_failure(woken_by)) {
        ac_frame *ag = op->ag;
        ac_frame *leaf = ac__chain_leaf(ag);
        leaf->how = AC_HOW_SEND;
        ac__frame_set_sent(leaf, NULL);
        int r = ac__coro_drive(ag, &leaf);
        if (r != AC_YIELDED)
            return generator_stopped(op,
                                     r == AC_AGEN_YIELDED ? AC_RETURNED : r);
        f->waiting = leaf->waiting;
        return AC_YIELDED;
    }
    return start_throw(op);
}

static int op_resume(ac_frame *f)
{
    agen_op *op = (agen_op *)f;
    if (f->state == 3)
        return resume_at_init(op);
    if (f->state == 0) {
        /* Thrown into before its first step (its task was cancelled, or
         * ac_coro_throw): CPython's asend/athrow throw() passes the
         * exception to the generator. */
        if (f->how == AC_HOW_THROW) {
            if (ext_of(op->ag)->running_async)
                return ac_err_format(&ac_RuntimeError, "%s",
                                     running_msgs[op->mode]);
            if (op->mode != OP_SEND)
                return throw_at_init(op);
            return throw_into(op);
        }
        return op->mode == OP_SEND ? start_send(op) : start_throw(op);
    }
    /* The generator stopped: the driver unlinked it from us. */
    ac_frame *ag = op->ag;
    f->waiting = NULL;
    ac__gf(ag)->out = NULL;
    f->state = 2;
    if (f->how == AC_HOW_THROW)
        return op_raised(op);
    if (ag->status == AC_GEN_CLOSED)
        return op_returned(op);
    return op_yielded(op);
}

/* ------------------------------------------------------------------ */
/* The awaitable objects                                                */
/* ------------------------------------------------------------------ */

static void op_drop(ac_frame *f)
{
    agen_op *op = (agen_op *)f;
    ac_frame *ag = op->ag;
    op->ag = NULL;
    if (ag != NULL && f->state == 1) {
        /* Dropped while the generator runs under it (its task went away):
         * the generator is no longer driven by anyone. */
        ac__agen_ext *ext = ext_of(ag);
        if (ext != NULL)
            ext->running_async = false;
        if (ag->awaiter == f)
            ag->awaiter = NULL;
    }
    ac_decref(ag);
    ac_decref(op->exc);
    op->exc = NULL;
}

/* An awaitable dropped unawaited is no coroutine left unawaited (no
 * warning), and one dropped midway is not closed (it would throw into the
 * generator): as CPython's asend/athrow objects, it is only released. */
static void op_dealloc(ac_object *self)
{
    ((ac_frame *)self)->status = AC_GEN_CLOSED;
    ac__coro_type.dealloc(self);
}

static const ac_objtype op_type = {.name = "coroutine", .kind = AC_OBJ_CORO, .dealloc = op_dealloc};

static ac_frame *op_new(ac_frame *ag, int mode)
{
    size_t result_at = round_up(sizeof(agen_op));
    size_t value_at = result_at + round_up(ag->code->yield_size);
    ac_code code = {.name = op_names[mode],
                    .file = ag->code->file,
                    .line = ag->code->line,
                    .kind = AC_KIND_CORO,
                    .frame_size = value_at + ag->code->send_size,
                    .result_size = mode == OP_CLOSE ? 0 : ag->code->yield_size,
                    .result_offset = result_at,
                    .resume = op_resume,
                    .drop = op_drop};
    agen_op *op = (agen_op *)ac__frame_new(&code);
    if (op == NULL)
        return NULL;
    op->code = code;
    op->hdr.code = &op->code;
    op->hdr.ob.type = &op_type;
    /* Counted as started, so that a throw before the first step (its task
     * cancelled) reaches op_resume and the generator, as in CPython. */
    op->hdr.status = AC_GEN_SUSPENDED;
    op->mode = mode;
    op->value = (unsigned char *)op + value_at;
    ac_incref(ag);
    op->ag = ag;
    return &op->hdr;
}

/* ------------------------------------------------------------------ */
/* The public calls                                                     */
/* ------------------------------------------------------------------ */

/* 0 when agen is an async generator; else -1 with Python's TypeError
 * (NULL: a constructor that failed, its exception stays). */
static int check_agen(const ac_agen *agen)
{
    if (agen == NULL)
        return ac_err_occurred()
                   ? -1
                   : ac_err_format(&ac_TypeError,
                                   "'NoneType' object is not an async "
                                   "iterator");
    if (ac__kind(agen) != AC_OBJ_AGEN)
        return ac_err_format(&ac_TypeError,
                             "'%s' object is not an async iterator",
                             ((const ac_object *)agen)->type->name);
    return 0;
}

static void *make_op(ac_agen *agen, int mode, ac_exc *exc)
{
    ac_frame *ag = (ac_frame *)agen;
    if (check_agen(agen) < 0 || ac__agen_init_hooks(ag) < 0) {
        ac_decref(exc);
        return NULL;
    }
    ac_frame *f = op_new(ag, mode);
    if (f == NULL) {
        ac_decref(exc);
        return NULL;
    }
    ((agen_op *)f)->exc = exc;
    return f;
}

void *ac_anext(ac_agen *ag)
{
    return make_op(ag, OP_SEND, NULL);
}

void *ac_asend(ac_agen *ag, const void *value)
{
    agen_op *op = make_op(ag, OP_SEND, NULL);
    if (op != NULL && value != NULL) {
        op->has_value = true;
        memcpy(op->value, value, op->ag->code->send_size);
    }
    return op;
}

void *ac_athrow(ac_agen *ag, ac_exc *exc)
{
    if (exc == NULL) {
        if (ac_err_occurred() == NULL)
            ac_err_format(&ac_TypeError,
                          "exceptions must derive from BaseException");
        return NULL;
    }
    return make_op(ag, OP_THROW, exc);
}

void *ac_aclose(ac_agen *ag)
{
    return make_op(ag, OP_CLOSE, NULL);
}

ac_frame *ac__agen_op_generator(ac_frame *op)
{
    return ((agen_op *)op)->ag;
}

const char *ac__agen_op_type_name(const ac_frame *f)
{
    if (f->ob.type != &op_type)
        return NULL;
    return ((const agen_op *)f)->mode == OP_SEND ? "async_generator_asend"
                                                 : "async_generator_athrow";
}

const char *ac_agen_name(const ac_agen *ag)
{
    return ((const ac_frame *)ag)->code->name;
}

bool ac_agen_running(const ac_agen *ag)
{
    const ac__agen_ext *ext = ext_of((const ac_frame *)ag);
    return ext != NULL && ext->running_async;
}

bool ac_agen_closed(const ac_agen *ag)
{
    const ac__agen_ext *ext = ext_of((const ac_frame *)ag);
    return ext != NULL && ext->closed;
}

bool ac_agen_hooks_inited(const ac_agen *ag)
{
    const ac__agen_ext *ext = ext_of((const ac_frame *)ag);
    return ext != NULL && ext->hooks_inited;
}
