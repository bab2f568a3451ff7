/* agen_final.c - an async generator's life beyond its frame: the hooks at
 * its first anext/asend/athrow/aclose call (CPython's async_gen_init_hooks)
 * and its end (_PyGen_Finalize): an unfinished generator goes to the
 * finalizer stored at that first call, or is closed on the spot.
 *
 * A generator that has been iterated gets a type of its own, whose dealloc
 * does this and forgets the generator's record (agen_table.c), then frees
 * the frame as frame.c does for every kind. */
#include "gen/agen.h"
#include "gen/frame.h"

#include "core/exc_info.h"

static ac__agen_ext *ext_of(const ac_frame *ag)
{
    return ac__agen_ext_of(ag);
}

static void agen_dealloc(ac_object *self);

/* The type of a generator that has been iterated: its dealloc calls the
 * finalizer hook and forgets its record. */
static const ac_objtype iterated_type = {.name = "async_generator", .kind = AC_OBJ_AGEN, .dealloc = agen_dealloc};

/* CPython's async_gen_init_hooks, at every anext/asend/athrow/aclose
 * call: the first one stores the finalizer and calls firstiter. */
int ac__agen_init_hooks(ac_frame *ag)
{
    ac__agen_ext *ext = ac__agen_ext_get(ag);
    if (ext == NULL)
        return -1;
    if (ext->hooks_inited)
        return 0;
    ext->hooks_inited = true;
    ag->ob.type = &iterated_type;
    ac_agen_hook firstiter;
    ac_get_asyncgen_hooks(&firstiter, &ext->finalizer);
    if (firstiter != NULL)
        firstiter((ac_agen *)ag);
    return 0;
}

/* CPython's gen_close for an async generator, synchronously.  Run by the
 * coroutine driver: what the generator awaits on the way (an async with's
 * exit, say) runs at once, as CPython's await does, up to its first
 * suspension on the loop, or to its end with the generator going on. */
static int close_now(ac_frame *ag)
{
    ac__err_restore(ac_exc_new(&ac_GeneratorExit, NULL)); /* as aclose() */
    ag->how = AC_HOW_THROW;
    ac__gf(ag)->sent = NULL;
    ac__gf(ag)->out = NULL;
    ac_frame *leaf = ag;
    int r = ac__coro_drive(ag, &leaf); /* finishes ag when it ends */
    if (r == AC_RETURNED)
        return 0;
    if (r == AC_RAISED) {
        ac_exc *e = ac_err_occurred();
        if (!ac_exc_matches(e, &ac_StopAsyncIteration) &&
            !ac_exc_matches(e, &ac_GeneratorExit))
            return -1;
        ac_err_clear();
        return 0;
    }
    /* It yielded, or what it awaits waits on the loop: it cannot be
     * closed without one. */
    return ac_err_format(&ac_RuntimeError,
                         "async generator ignored GeneratorExit");
}

static void write_unraisable(ac_frame *ag)
{
    char where[256];
    snprintf(where, sizeof where, "<async_generator object %s at %p>",
             ag->code->name, (void *)ag);
    ac_err_write_unraisable(ac_err_fetch(), where);
}

/* CPython's _PyGen_Finalize, once per generator: an unfinished one goes to
 * the finalizer stored at its first call, or else is closed here.  The
 * generator is resurrected meanwhile; false when it stays alive. */
static bool finalize(ac_frame *ag, ac__agen_ext *ext)
{
    if (ag->status == AC_GEN_CLOSED || ext->finalized)
        return true;
    ext->finalized = true;
    ac_exc *saved = ac_err_fetch();
    ag->ob.refcnt = 1;
    if (ext->finalizer != NULL && !ext->closed) {
        ext->finalizer((ac_agen *)ag);
        if (ac_err_occurred() != NULL)
            write_unraisable(ag);
    } else if (ag->status == AC_GEN_SUSPENDED && close_now(ag) < 0) {
        write_unraisable(ag);
    }
    ac_err_set(saved);
    return --ag->ob.refcnt == 0;
}

static void agen_dealloc(ac_object *self)
{
    ac_frame *ag = (ac_frame *)self;
    ac__agen_ext *ext = ext_of(ag);
    if (ext != NULL) {
        if (!finalize(ag, ext))
            return;
        ac__loop_agen_untrack(ag, ext);
        ac__agen_ext_forget(ag);
    }
    ac__agen_type.dealloc(self);
}
