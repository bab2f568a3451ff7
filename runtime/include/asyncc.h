/*
 * asyncc.h - the asyncc runtime (libasyncc).
 *
 * Public API: objects and reference counts, exceptions, the generator,
 * coroutine and async generator protocols, async-generator hooks, the event
 * loop, tasks, futures, timers and I/O.  See SPEC.md for the contract.
 *
 * The last part of this file ("for generated code") is the ABI between the
 * translator's output and the runtime; user code should not need it.
 */
#ifndef ASYNCC_H
#define ASYNCC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AC_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Objects                                                              */
/* ------------------------------------------------------------------ */

/* Every handle starts with this header.  Reference counts are not atomic:
 * an object belongs to one thread (channels copy values between loops).
 * The type comes first and begins with the type's ac_acm_ops, so that
 * `async with (h)` reads a runtime handle exactly as it reads a user's
 * context manager, whose first member points to its ac_acm_ops. */
typedef struct ac_objtype ac_objtype;
typedef struct ac_object {
    const ac_objtype *type;
    size_t refcnt;
} ac_object;

void ac_incref(void *handle); /* NULL is ignored */
void ac_decref(void *handle); /* NULL is ignored; the last one frees */

/* The two inline (a handle awaited or dropped costs no call, issue 12);
 * (ac_decref)(h) and &ac_decref are the functions.  A count with the top
 * bit set is never changed (objects that live as long as their owner, or
 * forever); ac__dealloc frees an object whose count reached 0. */
#define AC__IMMORTAL ((size_t)1 << (sizeof(size_t) * 8 - 1))
void ac__dealloc(ac_object *o);
static inline void ac__incref_i(void *handle)
{
    ac_object *o = (ac_object *)handle;
    if (o != NULL && !(o->refcnt & AC__IMMORTAL))
        o->refcnt++;
}
static inline void ac__decref_i(void *handle)
{
    ac_object *o = (ac_object *)handle;
    if (o != NULL && !(o->refcnt & AC__IMMORTAL) && --o->refcnt == 0)
        ac__dealloc(o);
}
#define ac_incref(handle) ac__incref_i(handle)
#define ac_decref(handle) ac__decref_i(handle)

/* ------------------------------------------------------------------ */
/* Exceptions                                                           */
/* ------------------------------------------------------------------ */

typedef struct ac_exc ac_exc;
typedef struct ac_exc_type {
    const char *name;               /* the Python name: "ValueError" */
    const struct ac_exc_type *base; /* NULL only for BaseException */
} ac_exc_type;

#define AC_DEFINE_EXC_TYPE(name, base) const ac_exc_type name = {#name, &base}
#define AC_DECLARE_EXC_TYPE(name) extern const ac_exc_type name

/* Python 3.11's hierarchy. */
AC_DECLARE_EXC_TYPE(ac_BaseException);
AC_DECLARE_EXC_TYPE(ac_Exception);
AC_DECLARE_EXC_TYPE(ac_GeneratorExit);     /* BaseException */
AC_DECLARE_EXC_TYPE(ac_KeyboardInterrupt); /* BaseException */
AC_DECLARE_EXC_TYPE(ac_SystemExit);        /* BaseException */
AC_DECLARE_EXC_TYPE(ac_CancelledError);    /* BaseException */
AC_DECLARE_EXC_TYPE(ac_StopIteration);
AC_DECLARE_EXC_TYPE(ac_StopAsyncIteration);
AC_DECLARE_EXC_TYPE(ac_ArithmeticError);
AC_DECLARE_EXC_TYPE(ac_ZeroDivisionError);
AC_DECLARE_EXC_TYPE(ac_OverflowError);
AC_DECLARE_EXC_TYPE(ac_LookupError);
AC_DECLARE_EXC_TYPE(ac_IndexError);
AC_DECLARE_EXC_TYPE(ac_KeyError);
AC_DECLARE_EXC_TYPE(ac_MemoryError);
AC_DECLARE_EXC_TYPE(ac_RuntimeError);
AC_DECLARE_EXC_TYPE(ac_NotImplementedError);
AC_DECLARE_EXC_TYPE(ac_RecursionError);
AC_DECLARE_EXC_TYPE(ac_TypeError);
AC_DECLARE_EXC_TYPE(ac_ValueError);
AC_DECLARE_EXC_TYPE(ac_InvalidStateError); /* asyncio.InvalidStateError */
AC_DECLARE_EXC_TYPE(ac_OSError);
AC_DECLARE_EXC_TYPE(ac_BlockingIOError);
AC_DECLARE_EXC_TYPE(ac_ChildProcessError);
AC_DECLARE_EXC_TYPE(ac_ConnectionError);
AC_DECLARE_EXC_TYPE(ac_BrokenPipeError);
AC_DECLARE_EXC_TYPE(ac_ConnectionAbortedError);
AC_DECLARE_EXC_TYPE(ac_ConnectionRefusedError);
AC_DECLARE_EXC_TYPE(ac_ConnectionResetError);
AC_DECLARE_EXC_TYPE(ac_FileExistsError);
AC_DECLARE_EXC_TYPE(ac_FileNotFoundError);
AC_DECLARE_EXC_TYPE(ac_InterruptedError);
AC_DECLARE_EXC_TYPE(ac_IsADirectoryError);
AC_DECLARE_EXC_TYPE(ac_NotADirectoryError);
AC_DECLARE_EXC_TYPE(ac_PermissionError);
AC_DECLARE_EXC_TYPE(ac_ProcessLookupError);
AC_DECLARE_EXC_TYPE(ac_TimeoutError);
AC_DECLARE_EXC_TYPE(ac_EOFError);
AC_DECLARE_EXC_TYPE(ac_IncompleteReadError); /* EOFError: readexactly */

/* fmt may be NULL (empty message).  Returns a new reference; never NULL
 * (an allocation failure gives a preallocated MemoryError). */
ac_exc *ac_exc_new(const ac_exc_type *type, const char *fmt, ...);
/* The OSError subtype for err; message "[Errno N] " + (fmt ? text :
 * strerror(err)), as Python's str(OSError(err, text)). */
ac_exc *ac_exc_from_errno(int err, const char *fmt, ...);
bool ac_exc_matches(const ac_exc *e, const ac_exc_type *type);
const ac_exc_type *ac_exc_type_of(const ac_exc *e);
const char *ac_exc_message(const ac_exc *e);
const char *ac_exc_type_name(const ac_exc *e);
int ac_exc_errno(const ac_exc *e);                   /* 0 when none */
ac_exc *ac_exc_cause(const ac_exc *e);               /* borrowed, may be NULL */
ac_exc *ac_exc_context(const ac_exc *e);             /* borrowed, may be NULL */
void ac_exc_set_cause(ac_exc *e, ac_exc *cause);     /* borrows cause */
void ac_exc_set_context(ac_exc *e, ac_exc *context); /* borrows context */
/* A Python-style traceback through the resumable frames, cause and context
 * chains included, ending with "TypeName: message". */
void ac_exc_print(const ac_exc *e, FILE *out);

/* The thread's current exception (CPython's "error indicator").  One
 * nobody fetched is never lost silently: when ac_err_set replaces it with
 * another, or its thread or the program ends with it current, it is
 * reported on stderr as ac_err_write_unraisable does ("Exception ignored
 * in: the unfetched exception at exit").  ac_err_clear drops it quietly. */
void ac_err_set(ac_exc *e);    /* takes e; replaces any (see above) */
ac_exc *ac_err_fetch(void);    /* new reference, or NULL; clears */
ac_exc *ac_err_occurred(void); /* borrowed, or NULL */
void ac_err_clear(void);
/* Set a new exception of type; returns -1 for `return ac_err_format(...)`. */
int ac_err_format(const ac_exc_type *type, const char *fmt, ...);
/* Report an exception nobody can receive, as Python's unraisable hook:
 * "Exception ignored in: WHERE" and the traceback on stderr.  Takes e. */
void ac_err_write_unraisable(ac_exc *e, const char *where);

/* ------------------------------------------------------------------ */
/* Generators, coroutines, async generators                             */
/* ------------------------------------------------------------------ */

/* Opaque handle types; all three are resumable frames underneath. */
typedef struct ac_gen ac_gen;
typedef struct ac_coro ac_coro;
typedef struct ac_agen ac_agen;

/* Results of send/next/throw, as CPython's PyIter_Send. */
#define AC_YIELDED 1
#define AC_RETURNED 0
#define AC_RAISED (-1)

typedef enum {
    AC_GEN_CREATED,
    AC_GEN_RUNNING,
    AC_GEN_SUSPENDED,
    AC_GEN_CLOSED
} ac_gen_state;
typedef enum {
    AC_CORO_CREATED,
    AC_CORO_RUNNING,
    AC_CORO_SUSPENDED,
    AC_CORO_CLOSED
} ac_coro_state;

/* value: the value to send (NULL = None/next()); out: room for Y (and R). */
int ac_gen_send(ac_gen *g, const void *value, void *out);
int ac_gen_next(ac_gen *g, void *out);
int ac_gen_throw(ac_gen *g, ac_exc *exc, void *out); /* takes exc */
int ac_gen_close(ac_gen *g); /* 0, or -1 with the exception */
ac_gen_state ac_gen_getstate(const ac_gen *g);
const char *ac_gen_name(const ac_gen *g);

/* For a coroutine, a yielded value is the awaitable it waits on (void *). */
int ac_coro_send(ac_coro *c, const void *value, void *out);
int ac_coro_throw(ac_coro *c, ac_exc *exc, void *out); /* takes exc */
int ac_coro_close(ac_coro *c);
ac_coro_state ac_coro_getstate(const ac_coro *c);
const char *ac_coro_name(const ac_coro *c);
const char *ac_coro_origin(const ac_coro *c); /* "file:line" of creation */

/* Async generators: each call returns an awaitable (new reference). */
void *ac_anext(ac_agen *ag);
void *ac_asend(ac_agen *ag, const void *value); /* copies send_size bytes */
void *ac_athrow(ac_agen *ag, ac_exc *exc);      /* takes exc */
void *ac_aclose(ac_agen *ag);
const char *ac_agen_name(const ac_agen *ag);
bool ac_agen_running(const ac_agen *ag);      /* ag_running */
bool ac_agen_closed(const ac_agen *ag);       /* ag_closed */
bool ac_agen_hooks_inited(const ac_agen *ag); /* ag_hooks_inited */

/* ------------------------------------------------------------------ */
/* Async generator hooks (per thread; NULL = none)                      */
/* ------------------------------------------------------------------ */

typedef void (*ac_agen_hook)(ac_agen *ag);
typedef void (*ac_agen_yield_hook)(ac_agen *ag, const void *value);
void ac_set_asyncgen_hooks(ac_agen_hook firstiter, ac_agen_hook finalizer);
void ac_get_asyncgen_hooks(ac_agen_hook *firstiter, ac_agen_hook *finalizer);
void ac_set_asyncgen_yield_hook(ac_agen_yield_hook yielded);

/* ------------------------------------------------------------------ */
/* async with                                                           */
/* ------------------------------------------------------------------ */

typedef struct ac_acm_ops {
    ac_coro *(*aenter)(void *self); /* result binds v */
    ac_coro *(*aexit)(void *self,
                      ac_exc *exc); /* async bool: true suppresses */
} ac_acm_ops;

/* What `async with (m)` calls: m's aenter and aexit, or a TypeError (as
 * Python's) when m's ops have none (a runtime handle that is no context
 * manager). */
ac_coro *ac__aenter(void *m);
ac_coro *ac__aexit(void *m, ac_exc *exc);

/* ------------------------------------------------------------------ */
/* Event loop, tasks, futures                                           */
/* ------------------------------------------------------------------ */

typedef struct ac_loop ac_loop;
typedef struct ac_handle ac_handle;
typedef struct ac_task ac_task;
typedef struct ac_future ac_future;
typedef struct ac_stream ac_stream;
typedef struct ac_server ac_server;
typedef struct ac_channel ac_channel;

/* asyncio.run.  On the main thread, over SIGINT's default disposition,
 * Ctrl-C cancels main (its finally blocks run) and ac_run returns
 * KeyboardInterrupt; a second Ctrl-C ends the program; the disposition is
 * restored on return.  With ASYNCC_DEBUG set (not "0"), as asyncio's
 * debug mode: steps and callbacks of 100 ms or more are reported on
 * stderr, the exception returned is printed, and a loop left with nothing
 * that can wake its tasks (no ready callbacks, timers, I/O watchers,
 * executor jobs, and the loop never given out by ac_get_running_loop)
 * prints each task's stack and returns RuntimeError "deadlock: ..."
 * instead of waiting forever (docs/DEBUGGING.md). */
int ac_run(ac_coro *main, void *result); /* takes main */
ac_loop *ac_loop_new(void);
void ac_loop_free(ac_loop *loop);
ac_loop *ac_get_running_loop(void);
/* Takes awaitable (a coroutine, task or future). */
int ac_loop_run_until_complete(ac_loop *loop, void *awaitable, void *result);
void ac_loop_run_forever(ac_loop *loop);
void ac_loop_stop(ac_loop *loop);
double ac_loop_time(ac_loop *loop);
int ac_loop_shutdown_asyncgens(ac_loop *loop);
/* The handle returned is borrowed: the loop owns it and frees it once the
 * callback has run or been cancelled.  To cancel it later, keep it:
 *
 *     ac_handle *h = ac_call_later(loop, 5.0, on_timeout, conn);
 *     ac_incref(h);          // valid until the matching ac_decref
 *     ...
 *     ac_handle_cancel(h);   // any number of times, before or after it ran
 *     ac_decref(h);
 *
 * A kept handle's callback never runs once cancelled; cancelling one that
 * already ran or was cancelled does nothing (asyncio's Handle.cancel).  A
 * handle not kept must not be touched once the loop may have run it.
 * From a thread other than the loop's, call_soon_threadsafe's handle must
 * not be used at all.  All return NULL with RuntimeError set on a closed
 * loop ("Event loop is closed") and, in debug mode (ASYNCC_DEBUG), all but
 * call_soon_threadsafe when called from a thread other than the one
 * running the loop, as asyncio's _check_thread ("Non-thread-safe
 * operation invoked on an event loop other than the current one"). */
ac_handle *ac_call_soon(ac_loop *loop, void (*cb)(void *), void *arg);
ac_handle *ac_call_later(ac_loop *loop, double delay, void (*cb)(void *),
                         void *arg);
ac_handle *ac_call_at(ac_loop *loop, double when, void (*cb)(void *),
                      void *arg);
ac_handle *ac_call_soon_threadsafe(ac_loop *loop, void (*cb)(void *),
                                   void *arg);
void ac_handle_cancel(ac_handle *h);
/* A thread that may call ac_call_soon_threadsafe after the loop closes
 * (ac_run returned, ac_loop_free) keeps the loop first: ac_loop_keep on
 * the loop's thread or with the loop known open, ac_loop_release when
 * done (any thread; thread-safe).  A kept loop's memory outlives
 * ac_loop_free, and call_soon_threadsafe on it then returns NULL with
 * RuntimeError "Event loop is closed". */
void ac_loop_keep(ac_loop *loop);
void ac_loop_release(ac_loop *loop);
bool ac_loop_is_closed(ac_loop *loop);

/* Both take c (the task runs and then drops it) and return a new
 * reference to the task; name is copied (NULL: "Task-N"). */
ac_task *ac_create_task(ac_coro *c, const char *name);
ac_task *ac_loop_create_task(ac_loop *loop, ac_coro *c, const char *name);
bool ac_task_cancel(ac_task *t, const char *msg);
bool ac_task_done(ac_task *t);
bool ac_task_cancelled(ac_task *t);
const char *ac_task_get_name(ac_task *t);
int ac_task_result(ac_task *t, void *out);
ac_exc *ac_task_exception(ac_task *t); /* new reference, or NULL */
void ac_task_add_done_callback(ac_task *t, void (*cb)(ac_task *, void *),
                               void *arg);
ac_task *ac_current_task(void); /* borrowed, NULL outside a task */
/* asyncio's Task.print_stack: "Stack for <Task pending ...> (most recent
 * call last):" and each frame of the await chain it is suspended in
 * (outermost first, file:line and source line); for a task that ended
 * with an exception, "Traceback for <Task finished ...>" and its
 * traceback; else "No stack for <Task ...>".  Borrows t; writes to out. */
void ac_task_print_stack(ac_task *t, FILE *out);

/* loop NULL: the running loop (or the loop that first runs it).  Setting
 * a done future, or reading one that is not, sets InvalidStateError
 * ("invalid state", "Result is not set.") for ac_err_fetch. */
ac_future *ac_future_new(ac_loop *loop, size_t result_size);
void ac_future_set_result(ac_future *f, const void *value);
void ac_future_set_exception(ac_future *f, ac_exc *exc); /* takes exc */
bool ac_future_done(ac_future *f);
bool ac_future_cancel(ac_future *f);
bool ac_future_cancelled(ac_future *f);
int ac_future_result(ac_future *f, void *out);
void ac_future_add_done_callback(ac_future *f, void (*cb)(ac_future *, void *),
                                 void *arg);

/* Awaitables (new references). */
void *ac_sleep(double seconds);
void *ac_gather(void *const *aws, size_t n); /* takes each aws[i] */
void *ac_wait_for(void *aw, double timeout); /* takes aw; INFINITY: none */
void *ac_run_in_executor(void *(*fn)(void *), void *arg);
void *ac_wait_readable(int fd);
void *ac_wait_writable(int fd);

/* Streams and servers (asyncio.open_connection / start_server).  A stream
 * is a handle: ac_decref the one ac_open_connection gives; the last
 * reference closes it (after sending what is queued).  Errors are OSError
 * subtypes with Python's messages.  readline: a line with its '\n' (or the
 * tail at end of stream), NUL-terminated, so at most cap - 1 bytes; longer
 * lines raise ValueError as asyncio's limit does.  readexactly raises
 * IncompleteReadError at a premature end.  write queues what the socket
 * does not take at once and a background task sends it; drain waits until
 * all is sent.  A connection's handler gets a borrowed stream; the server
 * drops its own reference when the handler ends.  serve_forever returns
 * when the server is closed; cancelled, it closes the server. */
void *ac_open_connection(const char *host, int port);    /* -> ac_stream * */
void *ac_stream_read(ac_stream *s, void *buf, size_t n); /* -> ssize_t */
void *ac_stream_readexactly(ac_stream *s, void *buf, size_t n);
void *ac_stream_readline(ac_stream *s, char *buf, size_t cap); /* ssize_t */
int ac_stream_write(ac_stream *s, const void *buf, size_t n);
void *ac_stream_drain(ac_stream *s);
int ac_stream_write_eof(ac_stream *s); /* half-close after queued data */
void ac_stream_close(ac_stream *s);
void *ac_stream_wait_closed(ac_stream *s);
typedef ac_coro *(*ac_conn_handler)(ac_stream *s, void *arg);
void *ac_start_server(ac_conn_handler handler, void *arg, const char *host,
                      int port); /* -> ac_server * */
void *ac_server_serve_forever(ac_server *srv);
void ac_server_close(ac_server *srv);
int ac_server_port(ac_server *srv);

/* Parallel loops: channels carry copies of byte strings between threads
 * (each loop owned by one thread, nothing else shared). */
ac_channel *ac_channel_new(void);
/* Any thread: queues a copy of n bytes; 0, or -1 (RuntimeError "channel
 * closed") after ac_channel_close. */
int ac_channel_send(ac_channel *ch, const void *data, size_t n);
/* On a loop: the next message copied to buf -> ssize_t its length, or -1
 * once the channel is closed and empty.  A message longer than cap stays
 * queued and ValueError is raised. */
void *ac_channel_recv(ac_channel *ch, void *buf, size_t cap);
void ac_channel_close(ac_channel *ch); /* any thread; wakes receivers */
void ac_channel_free(ac_channel *ch);  /* when no thread uses it any more */
/* Runs n threads, each with its own loop running ac_run(fn(i, arg)), and
 * joins them all.  0, or -1 with the exception of the first worker (by
 * index) that raised. */
typedef ac_coro *(*ac_worker_fn)(size_t index, void *arg);
int ac_workers_run(size_t n, ac_worker_fn fn, void *arg);

/* ------------------------------------------------------------------ */
/* For generated code (the translator's ABI)                            */
/* ------------------------------------------------------------------ */

typedef struct ac_frame ac_frame;
typedef int (*ac_resume_fn)(ac_frame *f);

/* On a frame parameter of a runtime function that keeps no copy of the
 * address once it returns (clang's noescape; nothing elsewhere).  A `for
 * … in` frame that is a local of the loop (NAME__at) then never escapes,
 * and clang keeps its fields in registers across the loop body (an asm or
 * a call there cannot reach it). */
#if defined(__has_attribute)
#if __has_attribute(noescape)
#define AC__NOESCAPE __attribute__((noescape))
#endif
#endif
#ifndef AC__NOESCAPE
#define AC__NOESCAPE
#endif

enum { AC_KIND_GEN = 1, AC_KIND_CORO = 2, AC_KIND_AGEN = 3 };
enum { AC_HOW_SEND = 0, AC_HOW_THROW = 1 };

/* Extra resume results, besides AC_YIELDED/AC_RETURNED/AC_RAISED:
 * AC_AWAITING: the frame awaits the child frame in f->waiting; the driver
 *   runs the child and resumes this frame when the child finishes.
 * AC_AGEN_YIELDED: an async generator yielded a value (through its
 *   ac_gen_frame's out) to its consumer.
 * For a coroutine, AC_YIELDED means: suspended on the future/awaitable in
 * f->waiting (the task wakes when it is done). */
#define AC_AWAITING 2
#define AC_AGEN_YIELDED 3

/* One per resumable function, static. */
typedef struct ac_code {
    const char *name;     /* as in the source */
    const char *file;     /* the .ac file */
    int line;             /* line of the definition */
    int kind;             /* AC_KIND_* */
    size_t frame_size;    /* sizeof the frame struct */
    size_t yield_size;    /* sizeof Y, 0 for a coroutine */
    size_t send_size;     /* sizeof S, 0 for void */
    size_t result_size;   /* sizeof R, 0 for void */
    size_t result_offset; /* offsetof(frame, ac_result) when result_size */
    ac_resume_fn resume;
    void (*drop)(ac_frame *f); /* releases handles still held; may be NULL */
    /* Generators: offsetof(frame, ac_yv), the slot each `yield` stores its
     * value in (the runtime copies it to the consumer's out).  0: the
     * frame writes yielded values through its ac_gen_frame's out itself
     * (async generators, frames written by hand). */
    size_t yield_offset;
    /* Code with a catch, a finally or an async with: offsetof(frame,
     * ac_handled), the exception its code handles now (a catch's, a
     * finally's pending one, aexit's; borrowed from its slot, stored by
     * generated code at handler entry and exit, NULL outside handlers,
     * kept while suspended).  0: none, ever (most coroutines: a frame
     * without handlers has no such field).  With the frames awaiting it
     * and the running frames (ac__exc_link): CPython's exc_info stack,
     * which gives a new exception its context. */
    size_t handled_offset;
    /* lines[s], s < nlines: the source line of resume point s (0: the
     * definition), what a frame suspended there is at (Python's f_lineno,
     * ac__frame_lineno).  NULL: code->line throughout. */
    const int *lines;
    int nlines;
} ac_code;

/* The head of every frame struct.  The generated frame struct is
 * `struct { ac_frame ac_hdr; ...fields... }` for a coroutine, and
 * `struct { ac_gen_frame ac_hdr; ...fields... }` for a generator or an
 * async generator, the two that pass values in and out. */
struct ac_frame {
    ac_object ob;
    const ac_code *code;
    int state;               /* resume point, 0 before the first resume */
    unsigned char status;    /* AC_GEN_CREATED..AC_GEN_CLOSED */
    unsigned char how;       /* AC_HOW_SEND / AC_HOW_THROW for this resume */
    unsigned char flags;     /* runtime-private bits */
    ac_frame *awaiter;       /* coroutine chain: the frame awaiting this one */
    /* The awaitable this frame is suspended on; a generated frame's await
     * keeps it here, owned, while it is in flight. */
    void *waiting;
    /* Coroutines: "file:line" where created (the call site's literal), or
     * NULL: where defined (code).  Its line, like the line a frame is at
     * (code->lines), is no field of its own: a suspended task is this
     * header, its locals and the task (issue 12). */
    const char *origin;
};

/* A frame among this thread's running frames, linked to the one below it
 * (with code->handled_offset: CPython's exc_info stack, core/exc_info.h).
 * The runtime links one on its C stack for each resume, but a
 * generator's own (ac_gen_frame): the caches of `yield from` chains link
 * its delegators between steps. */
typedef struct ac__exc_link {
    ac_frame *f;
    const struct ac__exc_link *below;
} ac__exc_link;

/* A generator's or an async generator's head: a coroutine neither
 * receives values nor yields them (what it awaits gives it its results),
 * and a million suspended tasks are a million coroutine frames (issue
 * 12).  The runtime gives a frame of those kinds at least this size. */
typedef struct ac_gen_frame {
    ac_frame f;
    const void *sent; /* AC_HOW_SEND: value sent, NULL for next()/None */
    void *out;        /* where a yielded value goes; may be NULL */
    ac__exc_link link; /* a generator's, while it runs or delegates */
} ac_gen_frame;

/* f, a generator's or an async generator's frame, as such. */
static inline ac_gen_frame *ac__gf(ac_frame *f)
{
    return (ac_gen_frame *)(void *)f;
}

/* Allocates a zeroed frame of code->frame_size with refcount 1, status
 * CREATED.  NULL (MemoryError set) when out of memory. */
ac_frame *ac__frame_new(const ac_code *code);
/* The same in caller-provided memory of code->frame_size bytes (the
 * translator's NAME__at constructors): zeroed, refcount 1, status CREATED.
 * Such a frame is never freed by a reference count: its owner ends it with
 * ac__frame_end_local once, instead of dropping its last reference (the
 * handle must not escape to anything that keeps it). */
ac_frame *ac__frame_init(void *mem, const ac_code *code);
/* ac__frame_init of a generator's frame, inline with clang: the frame is
 * then the consumer's local to clang, not a pointer a call returned (which
 * clang 14 reloads the frame's fields through after every asm or call in
 * a loop body).  gcc keeps the call: given the local, it moves the frame's
 * stores out of the loop behind flags and leaves the loop unrotated (9
 * instructions an item of bench/gen_sum.sh instead of 7).  (A generator
 * takes no call-site origin: nothing pending is consumed.) */
extern const ac_objtype ac__gen_type;
static inline ac_frame *ac__gen_frame_init(void *mem, const ac_code *code)
{
#ifdef __clang__
    ac_frame *f = (ac_frame *)mem;
    memset(f, 0, code->frame_size);
    f->ob.type = &ac__gen_type;
    f->ob.refcnt = 1;
    f->code = code;
    f->status = AC_GEN_CREATED;
    return f;
#else
    return ac__frame_init(mem, code);
#endif
}
/* Closes f as the last ac_decref would (a suspended generator's finally
 * blocks run; an error is reported as unraisable) and releases what it
 * holds, leaving its memory to its owner. */
void ac__frame_end_local(ac_frame *f);
/* The storage of such a frame made by a `for … in` of a plain function:
 * the loop's own C local for a frame of up to AC__LOCAL_FRAME_MAX bytes,
 * the heap for a larger one (a C stack, a worker thread's, may not have
 * room for it).  AC__LOCAL_FRAME declares the local (room for T when T is
 * small); ac__frame_room gives the memory to make the frame in (it aborts
 * when out of memory, as an owned loop's constructor does); the loop ends
 * the frame with ac__frame_end_room, which frees it if it is not local. */
#define AC__LOCAL_FRAME_MAX 4096
#define AC__LOCAL_FRAME(T, name)                                               \
    union {                                                                    \
        char room[sizeof(T) <= AC__LOCAL_FRAME_MAX ? sizeof(T) : 1];           \
        long double align_ld;                                                  \
        long long align_ll;                                                    \
        void *align_p;                                                         \
    } name
void *ac__frame_room_heap(size_t size);
static inline void *ac__frame_room(void *local, size_t size)
{
    return size <= AC__LOCAL_FRAME_MAX ? local : ac__frame_room_heap(size);
}
void ac__frame_end_room(ac_frame *f AC__NOESCAPE,
                        const void *local AC__NOESCAPE);

/* The value of `yield` in the resumed frame: sent (S bytes) or zeroes. */
#define AC__SENT(f, S) (ac__gf(f)->sent ? *(const S *)ac__gf(f)->sent : (S){0})

/* Traceback: record (f's function, file, line) on the current exception,
 * and set its context unless it has one: handled (borrowed; the exception
 * being handled where the raise happens, NULL outside catch/finally), else
 * the innermost one handled below f (its awaiters, the frames that resumed
 * it; none for an exception thrown into f).  Every raise site in generated
 * code calls this before jumping to its handler. */
void ac__raise(ac_frame *f AC__NOESCAPE, int line, ac_exc *handled);
/* `throw e;`: e becomes the current exception (taken), with context the
 * exception being handled (borrowed, may be NULL). */
void ac__throw(ac_frame *f AC__NOESCAPE, ac_exc *e, ac_exc *handled, int line);
/* `throw;` in a catch: re-raise handled (borrowed). */
void ac__rethrow(ac_frame *f, ac_exc *handled, int line);
/* The exception in flight, fetched into a handler (new reference). */
ac_exc *ac__catch(void);
/* `for … in` in a plain function whose generator raised: the exception
 * stays current for the caller (ac_err_occurred), with the loop (func,
 * file, line) added to its traceback as a frame it passed through. */
void ac__err_add_frame(const char *func, const char *file, int line);

/* yield from: one step of delegation to *sub (owned by the frame).  The
 * first step after `*sub = E` must be made with f->how = AC_HOW_SEND and
 * ac__gf(f)->sent = NULL.  AC_YIELDED: a value is in ac__gf(f)->out,
 * suspend;
 * AC_RETURNED: done, R copied to retval (if not NULL), *sub released;
 * AC_RAISED: the exception is current, *sub released. */
int ac__yield_from(ac_frame *f, ac_gen **sub, void *retval, size_t size);

/* await: *aw is the awaitable (owned by the frame's slot).
 * ac__await_start returns AC_AWAITING (return it: the driver runs the
 * child), AC_YIELDED (return it: suspended on a future), AC_RETURNED
 * (already done: go on to ac__await_result now) or AC_RAISED.
 * ac__await_result, called on resume: 0 with the result copied to dst
 * (size must match the awaitable's result size unless dst is NULL), or -1
 * with the exception current.  Either way *aw is released and NULLed
 * (by ac__await_start too when it returns AC_RAISED). */
int ac__await_start(ac_frame *f, void **aw);
int ac__await_result(ac_frame *f, void **aw, void *dst, size_t size);
/* sleep(0)'s awaitable, one immortal object for every thread (what
 * ac_sleep(0) returns).  Generated code awaits through the two functions
 * below, which take its case inline: the frame suspends on it (its task's
 * step resumes it at the next iteration) and reads back nothing but a
 * throw, exactly as the out-of-line functions do. */
extern ac_object ac__yield_once;
static inline int ac__await_start_i(ac_frame *f, void **aw)
{
    if (*aw != (void *)&ac__yield_once)
        return ac__await_start(f, aw);
    f->how = AC_HOW_SEND;
    f->waiting = *aw;
    return AC_YIELDED;
}
static inline int ac__await_result_i(ac_frame *f, void **aw, void *dst,
                                     size_t size)
{
    if (*aw != (void *)&ac__yield_once)
        return ac__await_result(f, aw, dst, size);
    /* (no AC__F_THROW_BACK to clear: only a frame awaiting a coroutine
     * has it) */
    f->waiting = NULL;
    *aw = NULL;
    return f->how == AC_HOW_THROW ? -1 : 0;
}
/* ac_sleep inline: with a constant 0 the compiler sees the awaitable, and
 * `await ac_sleep(0)` is a few stores and a return.  (ac_sleep)(x) and
 * &ac_sleep are the function. */
void *ac__sleep_future(double seconds);
static inline void *ac__sleep_i(double seconds)
{
    /* 0, less or NaN: the shared yield, as ac_sleep */
    return seconds > 0 ? ac__sleep_future(seconds) : (void *)&ac__yield_once;
}
#define ac_sleep(seconds) ac__sleep_i(seconds)

/* Drive a coroutine from top until it suspends on a future (AC_YIELDED,
 * *leaf = the innermost frame, whose waiting field holds the future),
 * returns (AC_RETURNED, result in top's frame) or raises (AC_RAISED).
 * *leaf on entry: the frame to resume (top itself when it never ran). */
int ac__coro_drive(ac_frame *top, ac_frame **leaf);
/* (*leaf)->how says how it is resumed (AC_HOW_THROW: the exception is
 * current); a frame that suspends is left with AC_HOW_SEND.  Nothing is
 * sent down a chain: the leaf is at an await, whose result is the
 * awaitable's (an async generator at a yield is resumed by its op, which
 * sets what it sends). */

/* Call-site origin of the coroutine constructed next on this thread
 * (ac_coro_origin, the "never awaited" warning); without it, the
 * definition's file:line. */
void ac__set_origin(const char *where); /* "file:line", kept: a literal */
/* The same for a coroutine made as the argument of a task constructor
 * (ac_create_task(f(...), ...)): its frame gets room for the task behind
 * it, one allocation for both (a frame that never becomes a task only
 * wastes the room). */
void ac__set_task_origin(const char *where);

/* The generator fast path for `for (T v in E)` where E is a call of a
 * generator defined in the same file.  The loop holds the only reference
 * to the new generator, so nothing else can resume it, throw into it or
 * look at its state between steps: ac__gen_iter_start marks it running
 * once, each step is a direct (inlinable) call of its resume function, and
 * the value is read from its yield slot.  This is what lets the compiler
 * keep the loop in registers: no status bookkeeping and no pointer to the
 * loop variable stored in the frame.  On AC_RETURNED/AC_RAISED the loop
 * calls ac__gen_finish; a frame dropped while marked running is closed as
 * a suspended one (its finally blocks run). */
int ac__gen_finish(ac_frame *f AC__NOESCAPE, int r);
/* The step of such a loop over a generator with a try: fn(f) with f linked
 * into the thread's running frames (what it handles is seen by the frames
 * it runs, as CPython's exc_info stack). */
int ac__gen_resume_linked(ac_frame *f, ac_resume_fn fn);
void ac__gen_iter_oom(void);
/* next() for `for (v in g)` over a generator the translator does not know:
 * TypeError unless g yields values of exactly size bytes (never a silent
 * reinterpretation); a return value is discarded. */
int ac__gen_next_sized(ac_gen *g, void *out, size_t size);
static inline void ac__gen_iter_start(ac_frame *f)
{
    if (f == NULL)
        ac__gen_iter_oom(); /* the constructor found no memory */
    f->status = AC_GEN_RUNNING;
    f->how = AC_HOW_SEND;
    ac__gf(f)->sent = NULL;
    ac__gf(f)->out = NULL;
}
#define AC__YIELD_SLOT(f) ((void *)((char *)(f) + (f)->code->yield_offset))

/* One step with the status kept per step and the value copied to out, for
 * a caller that is not the generator's only holder. */
static inline int ac__gen_next_inline(ac_frame *f, void *out, ac_resume_fn fn)
{
    if (f->status != AC_GEN_SUSPENDED && f->status != AC_GEN_CREATED)
        return ac_gen_next((ac_gen *)f, out);
    f->status = AC_GEN_RUNNING;
    f->how = AC_HOW_SEND;
    ac__gf(f)->sent = NULL;
    ac__gf(f)->out = out;
    int r = fn(f);
    if (r == AC_YIELDED) {
        f->status = AC_GEN_SUSPENDED;
        if (f->code->yield_offset != 0 && out != NULL)
            memcpy(out, AC__YIELD_SLOT(f), f->code->yield_size);
        return r;
    }
    return ac__gen_finish(f, r);
}

/* asyncio's toolbox (SPEC section 9), one header per topic */
#include "asyncc/structured.h"
#include "asyncc/sync.h"
#include "asyncc/process.h"
#include "asyncc/net.h"

#ifdef __cplusplus
}
#endif
#endif /* ASYNCC_H */
