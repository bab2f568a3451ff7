/* future_repr.c - what asyncio's default exception handler prints about a
 * future or task: "<Task finished name='Task-2' coro=<bad() done, defined
 * at f.py:2> exception=ValueError('boom')>". */
#include "future.h"

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

static void task_repr(ac_task *t, FILE *out)
{
    const ac_code *code = t->coro->code;
    const char *state = t->fut.state == AC__FUT_PENDING     ? "pending"
                        : t->fut.state == AC__FUT_CANCELLED ? "cancelled"
                                                            : "finished";
    fprintf(out, "<Task %s name='%s' coro=<%s() %s, defined at %s:%d>", state,
            ac__task_name(t), code->name,
            t->fut.state == AC__FUT_PENDING ? "running" : "done", code->file,
            code->line);
}

static void future_repr(ac_future *f, ac_exc *exc, FILE *out)
{
    if (f->is_task)
        task_repr((ac_task *)f, out);
    else
        fputs(f->state == AC__FUT_PENDING ? "<Future pending"
                                          : "<Future finished",
              out);
    if (exc) {
        fputs(" exception=", out);
        ac__exc_repr(exc, out);
    }
    fputc('>', out);
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
    if (!f->log_exc || f->exc == NULL)
        return;
    ac__future_report(f,
                      f->is_task ? "Task exception was never retrieved"
                                 : "Future exception was never retrieved",
                      "future", f->exc);
}
