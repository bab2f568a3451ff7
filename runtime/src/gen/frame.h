/* frame.h - runtime-internal: resumable frames (generators, coroutines,
 * async generators) shared by frame.c, gen.c, yieldfrom.c, coro.c and
 * await.c. */
#ifndef AC_FRAME_H
#define AC_FRAME_H

#include "core/exc.h"

extern const ac_objtype ac__gen_type;
extern const ac_objtype ac__coro_type;
extern const ac_objtype ac__agen_type;

/* ac_frame.flags: the exception its awaited child raised comes back
 * from a throw delegated down the chain (coro.c), so f's raise site
 * chains it as thrown (err.c). */
#define AC__F_THROW_BACK 1
/* ac_frame.flags of a generator suspended in `yield from` (yieldfrom.c):
 * its operand passed the checks and waits in f->waiting, so a send into
 * it resumes the innermost generator of the chain directly (gen.c).
 * SUB_DONE: resumed because that generator finished; SUB_RAISED: it
 * raised (the exception is current), else its result is in its frame. */
/* ac_frame.flags of a coroutine frame made with room for its task in
 * front of it (ac__set_task_origin at the call site): one block for both,
 * the frame's (the task holds its frame to the end, so the frame goes
 * last).  The task finds its frame right behind it, with no pointer to
 * keep (ac__task_coro).  ROOM_FREE: no task took the room yet
 * (ac__frame_take_room). */
/* The least a frame of code's kind takes (a frame written by hand may
 * give a smaller frame_size): a coroutine's head, or a generator's. */
static inline size_t ac__frame_least(const ac_code *code)
{
    return code->kind == AC_KIND_CORO ? sizeof(ac_frame) : sizeof(ac_gen_frame);
}
/* Sets the value f is resumed with, where f has one: a frame at the end of
 * a chain may be a coroutine (what it awaits gives it its results) or an
 * async generator (at a yield, it reads the value). */
static inline void ac__frame_set_sent(ac_frame *f, const void *sent)
{
    if (f->code->kind != AC_KIND_CORO)
        ac__gf(f)->sent = sent;
}
#define AC__F_ROOM 0x02
#define AC__F_ROOM_FREE 0x04
/* The room: sizeof(ac_task) rounded up to a multiple of 16 (task.c
 * checks), so that the frame behind it keeps the block's alignment. */
#define AC__TASK_ROOM (sizeof(void *) == 8 ? 80 : 48)
static inline size_t ac__frame_room_at(const ac_code *code)
{
    size_t size = ac__frame_least(code);
    if (code->frame_size > size)
        size = code->frame_size;
    return (size + 7) & ~(size_t)7;
}
/* The room in front of f for a task to be built in (AC__TASK_ROOM bytes,
 * zeroed with the frame), taken once; NULL: f has none, or a task took
 * it. */
static inline void *ac__frame_take_room(ac_frame *f)
{
    if (!(f->flags & AC__F_ROOM_FREE))
        return NULL;
    f->flags &= (unsigned char)~AC__F_ROOM_FREE;
    return (char *)f - AC__TASK_ROOM;
}
/* The block f was allocated as: it starts with the room, if any. */
static inline void *ac__frame_block(ac_frame *f)
{
    return f->flags & AC__F_ROOM ? (char *)f - AC__TASK_ROOM : (char *)f;
}
#define AC__F_DELEG 0x10
#define AC__F_SUB_DONE 0x20
#define AC__F_SUB_RAISED 0x40

/* "generator", "coroutine" or "async generator", for messages. */
const char *ac__kind_word(const ac_frame *f);

/* Marks f finished after its resume returned r (AC_RETURNED/AC_RAISED) and
 * applies PEP 479: a StopIteration (or, from an async generator, a
 * StopAsyncIteration) escaping becomes RuntimeError("<kind> raised ..."),
 * its cause the original.  Returns r. */
int ac__frame_finish_raised(ac_frame *f);
static inline int ac__frame_finish(ac_frame *f, int r)
{
    f->status = AC_GEN_CLOSED;
    return r == AC_RAISED ? ac__frame_finish_raised(f) : r;
}

/* Throwing into a frame that never ran: it finishes at once with the
 * current exception raised at its first line, as CPython's frame would. */
int ac__frame_throw_unstarted(ac_frame *f);

/* A generator step inside AC_MAX_GEN_DEPTH others on the same thread (a
 * `yield from` chain, nested `for … in` or next() calls) raises
 * RecursionError "maximum recursion depth exceeded" instead of running,
 * as Python's recursion limit does: each level takes C stack. */
#define AC_MAX_GEN_DEPTH 10000

/* One step of a generator frame, CPython's gen_send_ex: how/sent as for a
 * resume (AC_HOW_THROW: the exception is current); a yielded value goes to
 * out, R to rout on return.  closing: a close, which tolerates finished
 * frames.  AC_YIELDED/AC_RETURNED/AC_RAISED. */
int ac__gen_step(ac_frame *g, int how, const void *sent, void *out, void *rout,
                 bool closing);

/* Closes a frame of any kind as Python's close(); 0 or -1 (exception
 * current). */
int ac__frame_close(ac_frame *f);
/* close()'s reading of f's outcome r after GeneratorExit was thrown in
 * (CPython's gen_close): 0 when it closed (returned, or raised
 * GeneratorExit or StopIteration), else -1 with the error current
 * ("... ignored GeneratorExit" when it yielded). */
int ac__closed_ok(const ac_frame *f, int r);

/* The frame f awaits, if it is a frame linked to f in the await chain. */
static inline ac_frame *ac__awaited_frame(const ac_frame *f)
{
    ac_frame *w = f->waiting;
    if (w != NULL && ac__is_frame(w) && w->awaiter == f)
        return w;
    return NULL;
}

/* The innermost frame of the chain f heads. */
static inline ac_frame *ac__chain_leaf(ac_frame *f)
{
    for (ac_frame *w; (w = ac__awaited_frame(f)) != NULL;)
        f = w;
    return f;
}

/* ac__coro_drive after the caller resumed *leaf itself, with a send
 * (status RUNNING and linked by ac__exc_enter for the call, unlinked since),
 * and the resume returned r: a task's step takes that short path when its
 * leaf waits on sleep(0) (task.c). */
int ac__coro_drive_resumed(ac_frame *top, ac_frame **leaf, int r);

static inline void *ac__frame_result(ac_frame *f)
{
    return (char *)f + f->code->result_offset;
}

#endif
