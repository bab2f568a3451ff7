/* rt_exc.c - exceptions: hierarchy, errno mapping, messages, cause and
 * context, tracebacks, ac_exc_print against Python's output, the thread's
 * current exception and the unraisable hook. */
#include <errno.h>
#include <stdint.h>

#include "core/exc.h"
#include "core/exc_info.h"
#include "rt_core_test.h"

AC_DEFINE_EXC_TYPE(MyError, ac_ValueError);

/* Frames of three functions, only to be named in tracebacks. */
static const ac_code inner_code = {
    "inner", "nowhere.ac", 2,   AC_KIND_GEN, sizeof(ac_frame), 0, 0, 0,
    0,       NULL,         NULL};
static const ac_code outer_code = {
    "outer", "nowhere.ac", 4,   AC_KIND_GEN, sizeof(ac_frame), 0, 0, 0,
    0,       NULL,         NULL};
static const ac_code cause_code = {
    "cause", "nowhere.ac", 6,   AC_KIND_GEN, sizeof(ac_frame), 0, 0, 0,
    0,       NULL,         NULL};
/* A function with a handler: its frame keeps what it handles. */
typedef struct catcher_frame {
    ac_gen_frame hdr;
    ac_exc *ac_handled;
} catcher_frame;
static const ac_code catcher_code = {.name = "catcher",
                                     .file = "nowhere.ac",
                                     .line = 8,
                                     .kind = AC_KIND_GEN,
                                     .frame_size = sizeof(catcher_frame),
                                     .handled_offset =
                                         offsetof(catcher_frame, ac_handled)};

static void test_hierarchy(void)
{
    struct {
        const ac_exc_type *type, *base;
        bool is;
    } cases[] = {
        {&ac_CancelledError, &ac_BaseException, true},
        {&ac_CancelledError, &ac_Exception, false},
        {&ac_GeneratorExit, &ac_Exception, false},
        {&ac_KeyboardInterrupt, &ac_Exception, false},
        {&ac_SystemExit, &ac_BaseException, true},
        {&ac_TimeoutError, &ac_OSError, true},
        {&ac_ConnectionRefusedError, &ac_ConnectionError, true},
        {&ac_ConnectionResetError, &ac_OSError, true},
        {&ac_BrokenPipeError, &ac_ConnectionError, true},
        {&ac_FileNotFoundError, &ac_ConnectionError, false},
        {&ac_StopIteration, &ac_Exception, true},
        {&ac_RecursionError, &ac_RuntimeError, true},
        {&ac_NotImplementedError, &ac_RuntimeError, true},
        {&ac_ZeroDivisionError, &ac_ArithmeticError, true},
        {&ac_KeyError, &ac_LookupError, true},
        {&ac_ValueError, &ac_TypeError, false},
        {&MyError, &ac_ValueError, true},
        {&MyError, &ac_Exception, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ac_exc *e = ac_exc_new(cases[i].type, NULL);
        CU_ASSERT_EQUAL(ac_exc_matches(e, cases[i].base), cases[i].is);
        CU_ASSERT_TRUE(ac_exc_matches(e, cases[i].type));
        CU_ASSERT_PTR_EQUAL(ac_exc_type_of(e), cases[i].type);
        ac_decref(e);
    }
}

static void test_new_and_names(void)
{
    ac_exc *e = ac_exc_new(&ac_ValueError, "bad %s %d", "value", 42);
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "ValueError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "bad value 42");
    CU_ASSERT_EQUAL(ac_exc_errno(e), 0);
    CU_ASSERT_PTR_NULL(ac_exc_cause(e));
    CU_ASSERT_PTR_NULL(ac_exc_context(e));
    ac_decref(e);
    e = ac_exc_new(&MyError, NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "MyError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "");
    ac_decref(e);
    e = ac_exc_new(&ac_ConnectionRefusedError, NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "ConnectionRefusedError");
    ac_decref(e);
}

static void test_errno_mapping(void)
{
    struct {
        int err;
        const ac_exc_type *type;
    } map[] = {
        {EAGAIN, &ac_BlockingIOError},
        {EWOULDBLOCK, &ac_BlockingIOError},
        {EALREADY, &ac_BlockingIOError},
        {EINPROGRESS, &ac_BlockingIOError},
        {ECHILD, &ac_ChildProcessError},
        {EPIPE, &ac_BrokenPipeError},
        {ESHUTDOWN, &ac_BrokenPipeError},
        {ECONNABORTED, &ac_ConnectionAbortedError},
        {ECONNREFUSED, &ac_ConnectionRefusedError},
        {ECONNRESET, &ac_ConnectionResetError},
        {EEXIST, &ac_FileExistsError},
        {ENOENT, &ac_FileNotFoundError},
        {EINTR, &ac_InterruptedError},
        {EISDIR, &ac_IsADirectoryError},
        {ENOTDIR, &ac_NotADirectoryError},
        {EACCES, &ac_PermissionError},
        {EPERM, &ac_PermissionError},
        {ESRCH, &ac_ProcessLookupError},
        {ETIMEDOUT, &ac_TimeoutError},
        {EIO, &ac_OSError},
        {EBADF, &ac_OSError},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        ac_exc *e = ac_exc_from_errno(map[i].err, NULL);
        CU_ASSERT_PTR_EQUAL(ac_exc_type_of(e), map[i].type);
        CU_ASSERT_EQUAL(ac_exc_errno(e), map[i].err);
        CU_ASSERT_TRUE(ac_exc_matches(e, &ac_OSError));
        ac_decref(e);
    }
}

/* str(OSError(111, "Connection refused")), str(OSError(5, "hi")). */
static void test_errno_message(void)
{
    ac_exc *e = ac_exc_from_errno(ECONNREFUSED, NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 111] Connection refused");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "ConnectionRefusedError");
    ac_decref(e);
    e = ac_exc_from_errno(EIO, "hi %d", 5);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 5] hi 5");
    ac_decref(e);
    /* the head is worded by hand: negative numbers (getaddrinfo's) too */
    e = ac_exc_from_errno(-2, "Name or service not known");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "[Errno -2] Name or service not known");
    ac_decref(e);
    e = ac_exc_from_errno(1234567, "x");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 1234567] x");
    ac_decref(e);
    /* the words without a format, as a refused connect gives them */
    e = ac__exc_from_errno_words(ECONNREFUSED, "Connect call failed ",
                                 "('127.0.0.1', 9)");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "[Errno 111] Connect call failed ('127.0.0.1', 9)");
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "ConnectionRefusedError");
    CU_ASSERT_EQUAL(ac_exc_errno(e), ECONNREFUSED);
    ac_decref(e);
    e = ac__exc_from_errno_words(EIO, "alone", NULL);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "[Errno 5] alone");
    ac_decref(e);
}

static void test_current_exception(void)
{
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    CU_ASSERT_EQUAL(ac_err_format(&ac_KeyError, "k%d", 1), -1);
    ac_exc *e = ac_err_occurred();
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "k1");
    ac_err_set(ac_exc_new(&ac_ValueError, "replaces"));
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(ac_err_occurred()), "ValueError");
    e = ac_err_fetch();
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "replaces");
    ac_err_set(e);
    ac_err_clear();
    CU_ASSERT_PTR_NULL(ac_err_fetch());
}

static void test_refcounts(void)
{
    ac_exc *e = ac_exc_new(&ac_ValueError, "x");
    ac_incref(e);
    CU_ASSERT_EQUAL(((ac_object *)e)->refcnt, 2);
    ac_decref(e);
    CU_ASSERT_EQUAL(((ac_object *)e)->refcnt, 1);
    ac_incref(NULL);
    ac_decref(NULL);
    /* The context holds a reference of its own. */
    ac_exc *outer = ac_exc_new(&ac_RuntimeError, "y");
    ac_exc_set_context(outer, e);
    CU_ASSERT_EQUAL(((ac_object *)e)->refcnt, 2);
    ac_decref(outer);
    CU_ASSERT_EQUAL(((ac_object *)e)->refcnt, 1);
    ac_decref(e);
}

/* ac_incref/ac_decref are macros over inline functions (asyncc.h); the
 * functions stay, for a pointer to one, and behave the same. */
static void test_refcount_functions(void)
{
    void (*up)(void *) = &ac_incref;
    void (*down)(void *) = ac_decref;
    ac_exc *e = ac_exc_new(&ac_ValueError, "x");
    up(e);
    (ac_incref)(e);
    CU_ASSERT_EQUAL(((ac_object *)e)->refcnt, 3);
    down(e);
    (ac_decref)(e);
    CU_ASSERT_EQUAL(((ac_object *)e)->refcnt, 1);
    up(NULL);
    down(NULL);
    /* an immortal count (sleep(0)'s shared awaitable) is never changed */
    void *yield = ac_sleep(0);
    size_t before = ((ac_object *)yield)->refcnt;
    CU_ASSERT_TRUE((before & AC__IMMORTAL) != 0);
    up(yield);
    ac_incref(yield);
    down(yield);
    ac_decref(yield);
    CU_ASSERT_EQUAL(((ac_object *)yield)->refcnt, before);
    /* the last reference, through the function, frees (ASan/valgrind
     * see a leak otherwise) */
    (ac_decref)(e);
}

static void test_cause_context(void)
{
    ac_exc *a = ac_exc_new(&ac_ValueError, "a");
    ac_exc *b = ac_exc_new(&ac_RuntimeError, "b");
    ac_exc_set_cause(b, a);
    ac_exc_set_context(b, a);
    CU_ASSERT_PTR_EQUAL(ac_exc_cause(b), a);
    CU_ASSERT_PTR_EQUAL(ac_exc_context(b), a);
    /* A context that would close a cycle cuts it, as CPython does. */
    ac_exc_set_context(a, b);
    CU_ASSERT_PTR_EQUAL(ac_exc_context(a), b);
    CU_ASSERT_PTR_NULL(ac_exc_context(b));
    ac_exc_set_context(a, a); /* never its own context */
    CU_ASSERT_PTR_EQUAL(ac_exc_context(a), b);
    ac_exc_set_cause(b, NULL); /* b -> a -> b through the cause otherwise */
    CU_ASSERT_PTR_NULL(ac_exc_cause(b));
    ac_decref(a);
    ac_decref(b);
}

/* inner() raises at line 3, outer() called it at line 5. */
static ac_exc *raise_through(const char *msg, ac_frame *in, ac_frame *out)
{
    ac_err_set(ac_exc_new(&ac_ValueError, "%s", msg));
    ac__raise(in, 3, NULL);
    ac__raise(out, 5, NULL);
    return ac_err_fetch();
}

static void test_print_traceback(void)
{
    ac_frame *in = ac__frame_new(&inner_code);
    ac_frame *out = ac__frame_new(&outer_code);
    ac_exc *e = raise_through("bad", in, out);
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "Traceback (most recent call last):\n"
                              "  File \"nowhere.ac\", line 5, in outer\n"
                              "  File \"nowhere.ac\", line 3, in inner\n"
                              "ValueError: bad\n");
    free(s);
    ac_decref(e);
    e = ac_exc_new(&ac_ValueError, NULL); /* no traceback, no message */
    s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "ValueError\n");
    free(s);
    ac_decref(e);
    e = ac_exc_new(&ac_CancelledError, "stop");
    s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "asyncio.exceptions.CancelledError: stop\n");
    free(s);
    ac_decref(e);
    ac_decref(in);
    ac_decref(out);
}

/* Expected texts: Python's traceback.print_exception for
 *   def cause():              # line 6
 *       try: outer()          # line 8
 *       except ValueError as e:
 *           raise RuntimeError("second") from e     # line 10
 * and for `raise KeyError` in the handler instead (line 15). */
static void test_print_chains(void)
{
    ac_frame *in = ac__frame_new(&inner_code);
    ac_frame *out = ac__frame_new(&outer_code);
    ac_frame *c = ac__frame_new(&cause_code);

    ac_exc *first = raise_through("bad", in, out);
    ac_err_set(first);
    ac__raise(c, 8, NULL);
    ac_exc *handled = ac__catch();
    ac_exc *second = ac_exc_new(&ac_RuntimeError, "second");
    ac_exc_set_cause(second, handled);
    ac__throw(c, second, handled, 10);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_PTR_EQUAL(ac_exc_context(e), handled);
    CU_ASSERT_PTR_EQUAL(ac_exc_cause(e), handled);
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(
        s, "Traceback (most recent call last):\n"
           "  File \"nowhere.ac\", line 8, in cause\n"
           "  File \"nowhere.ac\", line 5, in outer\n"
           "  File \"nowhere.ac\", line 3, in inner\n"
           "ValueError: bad\n"
           "\n"
           "The above exception was the direct cause of the following "
           "exception:\n"
           "\n"
           "Traceback (most recent call last):\n"
           "  File \"nowhere.ac\", line 10, in cause\n"
           "RuntimeError: second\n");
    free(s);
    ac_decref(e);

    /* The same without `from`: the context is printed. */
    ac__throw(c, ac_exc_new(&ac_KeyError, "k"), handled, 15);
    e = ac_err_fetch();
    s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(
        s, "Traceback (most recent call last):\n"
           "  File \"nowhere.ac\", line 8, in cause\n"
           "  File \"nowhere.ac\", line 5, in outer\n"
           "  File \"nowhere.ac\", line 3, in inner\n"
           "ValueError: bad\n"
           "\n"
           "During handling of the above exception, another exception "
           "occurred:\n"
           "\n"
           "Traceback (most recent call last):\n"
           "  File \"nowhere.ac\", line 15, in cause\n"
           "KeyError: 'k'\n");
    free(s);
    ac_decref(e);
    ac_decref(handled);
    ac_decref(in);
    ac_decref(out);
    ac_decref(c);
}

/* A propagating exception takes the handled one as context only when it
 * has none, an exception set for the first time the one handled where it
 * is set (ac_err_set, CPython's _PyErr_SetObject); a bare re-raise adds no
 * traceback entry (CPython's RERAISE). */
static void test_raise_context_rules(void)
{
    ac_frame *f = ac__frame_new(&catcher_code);
    ac_exc *handled = ac_exc_new(&ac_ValueError, "handled");
    ac_exc *other = ac_exc_new(&ac_TypeError, "other");
    ac_exc *e = ac_exc_new(&ac_KeyError, "e");
    ac_exc_set_context(e, other);
    ac_err_set(e);
    ac__raise(f, 7, handled);
    CU_ASSERT_PTR_EQUAL(ac_exc_context(ac_err_occurred()), other);
    ac_err_clear();
    /* f running inside its handler, as generated code has it: an exception
     * set there (by C code) takes its context when it is set, and the
     * raise site that raises it next does not chain it again */
    ((catcher_frame *)f)->ac_handled = handled;
    ac__exc_link running;
    ac__exc_enter(&running, f);
    ac_err_format(&ac_KeyError, "fresh");
    CU_ASSERT_PTR_EQUAL(ac_exc_context(ac_err_occurred()), handled);
    ac__raise(f, 7, other);
    CU_ASSERT_PTR_EQUAL(ac_exc_context(ac_err_occurred()), handled);
    ac_err_clear();
    /* the handled exception itself, set again: no context to itself */
    ac_exc *fresh = ac_exc_new(&ac_IndexError, "fresh");
    ac_exc_set_context(handled, fresh);
    ac_incref(handled);
    ac_err_set(handled);
    CU_ASSERT_PTR_EQUAL(ac_exc_context(handled), fresh);
    ac_err_clear();
    /* set anew while what it is the context of is handled: the cycle
     * handled -> fresh -> handled is cut, as CPython's _PyErr_SetObject */
    ac_err_set(fresh);
    CU_ASSERT_PTR_EQUAL(ac_exc_context(fresh), handled);
    CU_ASSERT_PTR_NULL(ac_exc_context(handled));
    ac_err_clear();
    /* outside any handler: none */
    ac__exc_leave(&running);
    ((catcher_frame *)f)->ac_handled = NULL;
    ac_err_format(&ac_KeyError, "outside");
    CU_ASSERT_PTR_NULL(ac_exc_context(ac_err_occurred()));
    ac_err_clear();

    ac__rethrow(f, handled, 9);
    CU_ASSERT_PTR_EQUAL(ac_err_occurred(), handled);
    char *s = print_to_string(handled);
    CU_ASSERT_STRING_EQUAL(s, "ValueError: handled\n");
    free(s);
    ac_exc *caught = ac__catch();
    CU_ASSERT_PTR_EQUAL(caught, handled);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_decref(caught);
    ac_decref(handled);
    ac_decref(other);
    ac_decref(f);
}

/* Source lines are shown, stripped, when the file can be read. */
static void test_print_source_lines(void)
{
    char path[] = "/tmp/rt_exc_srcXXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *src = fdopen(fd, "w");
    fputs("async int f(void)\n{\n    throw ac_exc_new(&ac_ValueError, "
          "\"x\");   \n}\n",
          src);
    fclose(src);
    ac_code code = {"f", path, 1,    AC_KIND_CORO, sizeof(ac_frame), 0, 0,
                    0,   0,    NULL, NULL};
    ac_frame *f = ac__frame_new(&code);
    ac__throw(f, ac_exc_new(&ac_ValueError, "x"), NULL, 3);
    ac_exc *e = ac_err_fetch();
    char *s = print_to_string(e);
    char want[512];
    snprintf(want, sizeof want,
             "Traceback (most recent call last):\n"
             "  File \"%s\", line 3, in f\n"
             "    throw ac_exc_new(&ac_ValueError, \"x\");\n"
             "ValueError: x\n",
             path);
    CU_ASSERT_STRING_EQUAL(s, want);
    free(s);
    ac_decref(e);
    f->status = AC_GEN_CLOSED; /* no "never awaited" warning */
    ac_decref(f);
    unlink(path);
}

/* Python's default unraisable hook prints the exception without its
 * chain. */
/* KeyError prints its key as Python's repr() of a str; asyncio's
 * exceptions print with their module. */
static void test_print_key_error_repr(void)
{
    static const struct {
        const ac_exc_type *type;
        const char *msg, *want;
    } cases[] = {
        {&ac_KeyError, "k", "KeyError: 'k'\n"},
        {&ac_KeyError, "it's", "KeyError: \"it's\"\n"},
        {&ac_KeyError, "a\"b'c", "KeyError: 'a\"b\\'c'\n"},
        {&ac_KeyError, "x\ny\\z\t\x7f\x01",
         "KeyError: 'x\\ny\\\\z\\t\\x7f\\x01'\n"},
        {&ac_KeyError, "\xc3\xa9", "KeyError: '\xc3\xa9'\n"},
        {&ac_KeyError, NULL, "KeyError\n"},
        {&ac_LookupError, "k", "LookupError: k\n"},
        /* asyncio's exceptions print qualified by their module */
        {&ac_IncompleteReadError, "2 bytes read on a total of 5 expected bytes",
         "asyncio.exceptions.IncompleteReadError: 2 bytes read on a total of 5 "
         "expected bytes\n"},
        {&ac_CancelledError, NULL, "asyncio.exceptions.CancelledError\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ac_exc *e = cases[i].msg ? ac_exc_new(cases[i].type, "%s", cases[i].msg)
                                 : ac_exc_new(cases[i].type, NULL);
        char *s = print_to_string(e);
        CU_ASSERT_STRING_EQUAL(s, cases[i].want);
        CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                               cases[i].msg ? cases[i].msg : "");
        free(s);
        ac_decref(e);
    }
}

static void test_unraisable(void)
{
    ac_frame *f = ac__frame_new(&inner_code);
    ac_exc *ctx = ac_exc_new(&ac_KeyError, "ctx");
    ac_err_set(ac_exc_new(&ac_ValueError, "boom"));
    ac__raise(f, 6, ctx);
    capture cap;
    capture_begin(&cap);
    ac_err_write_unraisable(ac_err_fetch(), "<generator object g at 0x1>");
    char *s = capture_end(&cap);
    CU_ASSERT_STRING_EQUAL(s, "Exception ignored in: <generator object g at "
                              "0x1>\n"
                              "Traceback (most recent call last):\n"
                              "  File \"nowhere.ac\", line 6, in inner\n"
                              "ValueError: boom\n");
    free(s);
    CU_ASSERT_PTR_NULL(ac_err_occurred());
    ac_decref(ctx);
    ac_decref(f);
}

static void test_memory_error(void)
{
    static const ac_code huge = {
        "huge", "nowhere.ac", 1,   AC_KIND_GEN, SIZE_MAX / 4, 0, 0, 0,
        0,      NULL,         NULL};
    CU_ASSERT_PTR_NULL(ac__frame_new(&huge));
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "MemoryError");
    /* Shared and immortal: dropping it, raising it, never frees it. */
    ac_frame *f = ac__frame_new(&inner_code);
    ac_err_set(e);
    ac__raise(f, 1, NULL);
    CU_ASSERT_PTR_EQUAL(ac_err_occurred(), e);
    char *s = print_to_string(e);
    CU_ASSERT_STRING_EQUAL(s, "MemoryError\n");
    free(s);
    ac_err_clear();
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "MemoryError");
    ac_decref(f);
}

int main(void)
{
    static const test_case tests[] = {
        {"hierarchy", test_hierarchy},
        {"new and names", test_new_and_names},
        {"errno mapping", test_errno_mapping},
        {"errno message", test_errno_message},
        {"reference count functions", test_refcount_functions},
        {"current exception", test_current_exception},
        {"refcounts", test_refcounts},
        {"cause and context", test_cause_context},
        {"print traceback", test_print_traceback},
        {"print chains", test_print_chains},
        {"raise context rules", test_raise_context_rules},
        {"print source lines", test_print_source_lines},
        {"printed names and KeyError's repr", test_print_key_error_repr},
        {"unraisable", test_unraisable},
        {"memory error", test_memory_error},
        {NULL, NULL},
    };
    return run_suite("rt_exc", tests);
}
