/* frame.c - resumable frames: allocation, the finalizer (close a suspended
 * generator, warn about a coroutine never awaited), and what every kind
 * shares (finishing, PEP 479). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slab.h"
#include "gen/frame.h"

/* Where the next coroutine is being created, set by generated code at the
 * call site just before the constructor runs. */
static _Thread_local const char *next_origin;
/* Room for a task in front of the next coroutine frame: its call site is
 * the coroutine argument of a task constructor (AC__F_ROOM). */
static _Thread_local bool next_task_room;

void ac__set_origin(const char *where)
{
    next_origin = where;
}

void ac__set_task_origin(const char *where)
{
    next_origin = where;
    next_task_room = true;
}

static void frame_dealloc(ac_object *self);

/* Where coroutine f was made: its file into file (cap bytes), its line
 * returned. */
static int origin_of(const ac_frame *f, char *file, size_t cap)
{
    const char *where = f->origin;
    const char *colon = where ? strrchr(where, ':') : NULL;
    if (colon == NULL) {
        snprintf(file, cap, "%s", f->code->file);
        return f->code->line;
    }
    snprintf(file, cap, "%.*s", (int)(colon - where), where);
    return atoi(colon + 1);
}

const ac_objtype ac__gen_type = {
    .name = "generator", .kind = AC_OBJ_GEN, .dealloc = frame_dealloc};
const ac_objtype ac__coro_type = {
    .name = "coroutine", .kind = AC_OBJ_CORO, .dealloc = frame_dealloc};
/* Async generators: agen.c gives a generator it iterates a type of its own,
 * whose dealloc runs the finalizer hook, then this one (which never closes
 * an async generator: that takes an event loop). */
const ac_objtype ac__agen_type = {
    .name = "async_generator", .kind = AC_OBJ_AGEN, .dealloc = frame_dealloc};

const char *ac__kind_word(const ac_frame *f)
{
    switch (f->code->kind) {
    case AC_KIND_CORO:
        return "coroutine";
    case AC_KIND_AGEN:
        return "async generator";
    default:
        return "generator";
    }
}

/* Sets up the frame at f, its size bytes zeroed already. */
static inline ac_frame *frame_setup(ac_frame *f, const ac_code *code)
{
    const char *origin = next_origin;
    next_origin = NULL;

    const ac_objtype *type = code->kind == AC_KIND_CORO   ? &ac__coro_type
                             : code->kind == AC_KIND_AGEN ? &ac__agen_type
                                                          : &ac__gen_type;
    ac__object_init(&f->ob, type);
    f->code = code;
    f->status = AC_GEN_CREATED;
    if (code->kind == AC_KIND_CORO)
        f->origin = origin;
    return f;
}

ac_frame *ac__frame_new(const ac_code *code)
{
    bool room = next_task_room && code->kind == AC_KIND_CORO;
    next_task_room = false;
    /* The room is zeroed with the frame, in one memset: the task built in
     * it takes it as it is (ac__frame_take_room). */
    size_t front = room ? AC__TASK_ROOM : 0;
    size_t size = front + ac__frame_room_at(code);
    char *block = ac__slab_alloc(size);
    if (block == NULL) {
        next_origin = NULL;
        ac__no_memory();
        return NULL;
    }
    memset(block, 0, size);
    ac_frame *f = frame_setup((ac_frame *)(void *)(block + front), code);
    if (room)
        f->flags |= AC__F_ROOM | AC__F_ROOM_FREE;
    return f;
}

ac_frame *ac__frame_init(void *mem, const ac_code *code)
{
    size_t least = ac__frame_least(code);
    size_t size = code->frame_size > least ? code->frame_size : least;
    return frame_setup(memset(mem, 0, size), code);
}

/* ac__frame_finish's PEP 479 (frame.h: the rest is inline). */
int ac__frame_finish_raised(ac_frame *f)
{
    ac_exc *e = ac_err_occurred();
    if (ac_exc_matches(e, &ac_StopIteration)) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s raised StopIteration", ac__kind_word(f));
        ac__err_format_from_cause(&ac_RuntimeError, msg);
    } else if (f->code->kind == AC_KIND_AGEN &&
               ac_exc_matches(e, &ac_StopAsyncIteration)) {
        ac__err_format_from_cause(&ac_RuntimeError,
                                  "async generator raised StopAsyncIteration");
    }
    return AC_RAISED;
}

int ac__frame_throw_unstarted(ac_frame *f)
{
    f->how = AC_HOW_THROW; /* chained as thrown: to nothing, it ran none */
    ac__raise(f, f->code->line, NULL);
    return ac__frame_finish(f, AC_RAISED);
}

int ac__frame_close(ac_frame *f)
{
    if (f->code->kind == AC_KIND_CORO)
        return ac_coro_close((ac_coro *)f);
    return ac_gen_close((ac_gen *)f);
}

/* CPython's _PyGen_Finalize.  The frame is resurrected (refcount 1) while
 * its code runs, and the thread's current exception is kept aside. */
static bool finalize(ac_frame *f)
{
    /* A generator left marked running by a `for … in` loop that owned it
     * (ac__gen_iter_start) is suspended: nothing can run it any more.  One
     * dropped before its first step never ran: closing it must not start
     * its body. */
    if (f->code->kind == AC_KIND_GEN && f->status == AC_GEN_RUNNING)
        f->status = f->state == 0 ? AC_GEN_CREATED : AC_GEN_SUSPENDED;
    bool unstarted_coro =
        f->code->kind == AC_KIND_CORO && f->status == AC_GEN_CREATED;
    bool suspended =
        f->code->kind != AC_KIND_AGEN && f->status == AC_GEN_SUSPENDED;
    if (!unstarted_coro && !suspended)
        return true;

    ac_exc *saved = ac_err_fetch();
    f->ob.refcnt = 1;
    if (unstarted_coro) {
        /* As Python's warnings show it, source line included (Python's
         * place is where the coroutine is dropped; ours where it was made,
         * which is usually the same call). */
        char file[4096];
        int line = origin_of(f, file, sizeof file);
        fprintf(stderr,
                "%s:%d: RuntimeWarning: coroutine '%s' was never awaited\n",
                file, line, f->code->name);
        ac__print_source_line(file, line, 2, stderr);
        fflush(stderr);
        f->status = AC_GEN_CLOSED;
    } else if (ac__frame_close(f) < 0) {
        char where[256];
        snprintf(where, sizeof where, "<%s object %s at %p>", f->ob.type->name,
                 f->code->name, (void *)f);
        ac_err_write_unraisable(ac_err_fetch(), where);
    }
    ac_err_set(saved);
    return --f->ob.refcnt == 0;
}

/* What a frame holds, released once its code can run no more. */
static inline void frame_release(ac_frame *f)
{
    ac_frame *child = ac__awaited_frame(f);
    if (child != NULL)
        child->awaiter = NULL;
    if (f->code->drop != NULL)
        f->code->drop(f);
}

/* The size ac__frame_new allocated f with (the slab is told it). */
static size_t block_size(const ac_frame *f)
{
    return ac__frame_room_at(f->code) +
           (f->flags & AC__F_ROOM ? AC__TASK_ROOM : 0);
}

static void frame_dealloc(ac_object *self)
{
    ac_frame *f = (ac_frame *)self;
    /* (A closed frame, as a task's mostly is, has nothing to finalize.) */
    if (f->status != AC_GEN_CLOSED && !finalize(f))
        return; /* resurrected by its own code */
    /* Sized first: what the frame holds may own its code (a queue's
     * operation), and releasing it can free that. */
    size_t size = block_size(f);
    void *block = ac__frame_block(f);
    frame_release(f);
    ac__slab_free(block, size); /* the room in front of it too */
}

/* The end of a frame in its consumer's storage: what the last ac_decref
 * of a heap frame does (close it if suspended, its finally blocks run;
 * release what it holds), but the memory stays.  Nothing else holds the
 * handle, so its code cannot have resurrected it. */
void ac__frame_end_local(ac_frame *f)
{
    finalize(f);
    frame_release(f);
}

void *ac__frame_room_heap(size_t size)
{
    void *mem = malloc(size);
    if (mem == NULL)
        ac__gen_iter_oom();
    return mem;
}

void ac__frame_end_room(ac_frame *f, const void *local)
{
    ac__frame_end_local(f);
    if ((const void *)f != local)
        free(f);
}

/* ------------------------------------------------------------------ */
/* Introspection shared by generators and coroutines                    */
/* ------------------------------------------------------------------ */

const char *ac_gen_name(const ac_gen *g)
{
    return ((const ac_frame *)g)->code->name;
}

const char *ac_coro_name(const ac_coro *c)
{
    return ((const ac_frame *)c)->code->name;
}

/* "file:line": the call site's literal, or where the coroutine is
 * defined, then valid until the thread's next call. */
const char *ac_coro_origin(const ac_coro *c)
{
    static _Thread_local char buf[4096];
    const ac_frame *f = (const ac_frame *)c;
    if (f->origin != NULL)
        return f->origin;
    snprintf(buf, sizeof buf, "%s:%d", f->code->file, f->code->line);
    return buf;
}

int ac__closed_ok(const ac_frame *f, int r)
{
    if (r == AC_YIELDED)
        return ac_err_format(&ac_RuntimeError, "%s ignored GeneratorExit",
                             ac__kind_word(f));
    if (r == AC_RAISED) {
        ac_exc *e = ac_err_occurred();
        if (!ac_exc_matches(e, &ac_StopIteration) &&
            !ac_exc_matches(e, &ac_GeneratorExit))
            return -1;
        ac_err_clear();
    }
    return 0;
}
