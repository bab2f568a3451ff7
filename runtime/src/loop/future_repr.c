/* future_repr.c - what asyncio's default exception handler prints about a
 * future or task: "<Task finished name='Task-2' coro=<bad() done, defined
 * at f.py:2> exception=ValueError('boom')>". */
#include "loop/future.h"
#include "gen/agen.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Python's repr of a str: single quotes unless only double quotes avoid
 * escaping. */
static void str_repr(const char *s, FILE *out)
{
    char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    fputc(q, out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == (unsigned char)q)
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc(q, out);
}

void ac__exc_repr(const ac_exc *e, FILE *out)
{
    const char *msg = ac_exc_message(e);
    fprintf(out, "%s(", ac_exc_type_name(e));
    int err = ac_exc_errno(e);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "[Errno %d] ", err);
    if (err != 0 && strncmp(msg, prefix, strlen(prefix)) == 0) {
        fprintf(out, "%d, ", err); /* OSError(111, 'Connection refused') */
        str_repr(msg + strlen(prefix), out);
    } else if (*msg) {
        str_repr(msg, out);
    }
    fputc(')', out);
}

/* A frame's line as Python's f_lineno: its definition before it runs,
 * then the await or yield it is suspended at (or was last: a running
 * frame is somewhere after it). */
int ac__frame_lineno(const ac_frame *f)
{
    const ac_code *c = f->code;
    if (f->status == AC_GEN_CREATED || c->lines == NULL || f->state <= 0 ||
        f->state >= c->nlines)
        return c->line;
    return c->lines[f->state];
}

/* Python's _format_callbacks: "cb=[a]", "cb=[a, b]", "cb=[a, <n more>, z]". */
static void callback_name(const ac__link *l, FILE *out)
{
    if (ac__task_of_step(l) != NULL)
        fputs("Task.task_wakeup()", out);
    else
        fputs("<callback>()", out);
}

static void callbacks_repr(const ac_future *f, FILE *out)
{
    size_t n = 0;
    const ac__link *last = NULL;
    for (const ac__link *l = ac__future_first_cb(f); l;
         l = ac__future_next_cb(f, l), n++)
        last = l;
    if (n == 0)
        return;
    fputs(" cb=[", out);
    callback_name(ac__future_first_cb(f), out);
    if (n > 2)
        fprintf(out, ", <%zu more>", n - 2);
    if (n > 1) {
        fputs(", ", out);
        callback_name(last, out);
    }
    fputc(']', out);
}

/* asyncio's _format_coroutine. */
static void coro_repr(const ac_frame *c, bool done, FILE *out)
{
    /* An object with neither __name__ nor a code object. */
    const char *nameless = ac__agen_op_type_name(c);
    if (nameless != NULL)
        fprintf(out, "coro=<<%s without __name__>()>", nameless);
    else if (done)
        fprintf(out, "coro=<%s() done, defined at %s:%d>", c->code->name,
                c->code->file, c->code->line);
    else
        fprintf(out, "coro=<%s() running at %s:%d>", c->code->name,
                c->code->file, ac__frame_lineno(c));
}

static void future_repr(ac_future *f, ac_exc *exc, FILE *out);

/* _task_repr_info: state, name, coro, wait_for, then the future's part. */
static void task_repr(ac_task *t, ac_exc *exc, FILE *out)
{
    const char *state = t->fut.state == AC__FUT_PENDING     ? "pending"
                        : t->fut.state == AC__FUT_CANCELLED ? "cancelled"
                                                            : "finished";
    fprintf(out, "<Task %s name='%s' ", state, ac__task_name(t));
    /* As _format_coroutine: done once the coroutine has no frame. */
    coro_repr(ac__task_coro(t),
              t->fut.state != AC__FUT_PENDING ||
                  ac__task_coro(t)->status == AC_GEN_CLOSED,
              out);
    if (ac__task_waiter(t) != NULL && t->fut.state == AC__FUT_PENDING) {
        fputs(" wait_for=", out);
        future_repr(ac__task_waiter(t), NULL, out);
    }
    if (exc) {
        fputs(" exception=", out);
        ac__exc_repr(exc, out);
    } else if (t->fut.state == AC__FUT_FINISHED &&
               ac__future_result_size(&t->fut) == 0) {
        fputs(" result=None", out);
    }
    callbacks_repr(&t->fut, out);
    fputc('>', out);
}

/* The asyncio class a future of this runtime stands for. */
static const char *future_class_name(const ac_future *f)
{
    return strcmp(f->ob.type->name, "gather") == 0 ? "_GatheringFuture"
                                                   : "Future";
}

static void future_repr(ac_future *f, ac_exc *exc, FILE *out)
{
    if (f->is_task) {
        task_repr((ac_task *)f, exc, out);
        return;
    }
    const char *state = f->state == AC__FUT_PENDING     ? "pending"
                        : f->state == AC__FUT_CANCELLED ? "cancelled"
                                                        : "finished";
    fprintf(out, "<%s %s", future_class_name(f), state);
    if (exc) {
        fputs(" exception=", out);
        ac__exc_repr(exc, out);
    }
    callbacks_repr(f, out);
    fputc('>', out);
}

void ac__task_repr(ac_task *t, FILE *out)
{
    task_repr(t,
              t->fut.state == AC__FUT_FINISHED ? ac__future_exc(&t->fut) : NULL,
              out);
}

void ac__future_report(ac_future *f, const char *msg, const char *label,
                       ac_exc *exc)
{
    fflush(stdout);
    fprintf(stderr, "%s\n%s: ", msg, label);
    future_repr(f, exc, stderr);
    fputc('\n', stderr);
    ac_exc_print(exc, stderr);
    fflush(stderr);
}

void ac__future_report_unretrieved(ac_future *f)
{
    if (!f->log_exc || ac__future_exc(f) == NULL)
        return;
    ac__future_report(f,
                      f->is_task ? "Task exception was never retrieved"
                                 : "Future exception was never retrieved",
                      "future", ac__future_exc(f));
}
