/* exc_print.c - ac_exc_print: a traceback as Python's default excepthook
 * prints it (Lib/traceback.py), cause and context chains included. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/exc.h"

/* The exceptions already printed, to stop on a cyclic chain. */
typedef struct seen {
    const ac_exc *e;
    const struct seen *next;
} seen;

static bool was_seen(const seen *s, const ac_exc *e)
{
    for (; s != NULL; s = s->next)
        if (s->e == e)
            return true;
    return false;
}

/* Prints line `line` of file, stripped, after indent spaces, as linecache
 * would find it; nothing when the file cannot be read. */
void ac__print_source_line(const char *file, int line, int indent, FILE *out)
{
    FILE *src = file ? fopen(file, "r") : NULL;
    if (src == NULL)
        return;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len = 0;
    for (int n = 1; n <= line; n++)
        if ((len = getline(&buf, &cap, src)) < 0)
            break;
    if (len > 0) {
        char *s = buf;
        while (isspace((unsigned char)*s))
            s++;
        char *end = s + strlen(s);
        while (end > s && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (*s != '\0')
            fprintf(out, "%*s%s\n", indent, "", s);
    }
    free(buf);
    fclose(src);
}

/* asyncio's exceptions print qualified by their module, as in Python. */
static const char *printed_name(const ac_exc *e)
{
    if (e->type == &ac_CancelledError)
        return "asyncio.exceptions.CancelledError";
    if (e->type == &ac_InvalidStateError)
        return "asyncio.exceptions.InvalidStateError";
    if (e->type == &ac_IncompleteReadError)
        return "asyncio.exceptions.IncompleteReadError";
    if (e->type == &ac_gaierror)
        return "socket.gaierror";
    return e->type->name;
}

/* More identical entries in a row than this are summarised, as Python's
 * traceback module does (_RECURSIVE_CUTOFF). */
#define RECURSIVE_CUTOFF 3

static bool same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_entry(const ac_tb_entry *a, const ac_tb_entry *b)
{
    return a->line == b->line && same_text(a->func, b->func) &&
           same_text(a->file, b->file);
}

static void print_repeats(int count, FILE *out)
{
    if (count > RECURSIVE_CUTOFF) {
        count -= RECURSIVE_CUTOFF;
        fprintf(out, "  [Previous line repeated %d more time%s]\n", count,
                count > 1 ? "s" : "");
    }
}

void ac__print_tb_entry(const ac_tb_entry *t, FILE *out)
{
    fprintf(out, "  File \"%s\", line %d, in %s\n",
            t->file ? t->file : "<unknown>", t->line,
            t->func ? t->func : "<unknown>");
    ac__print_source_line(t->file, t->line, 4, out);
}

/* Python's repr() of a str: KeyError prints its key that way (str(KeyError(
 * 'k')) is "'k'").  Bytes beyond ASCII are taken as printable UTF-8. */
static void print_repr(const char *s, FILE *out)
{
    char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    fputc(quote, out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\' || *p == (unsigned char)quote)
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\r')
            fputs("\\r", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc(quote, out);
}

void ac__exc_print_one(const ac_exc *e, FILE *out)
{
    if (e->ntb > 0) {
        fputs("Traceback (most recent call last):\n", out);
        const ac_tb_entry *last = NULL;
        int count = 0;
        for (size_t i = e->ntb; i-- > 0;) {
            const ac_tb_entry *t = &e->tb[i];
            if (last == NULL || !same_entry(last, t)) {
                print_repeats(count, out);
                last = t;
                count = 0;
            }
            if (++count <= RECURSIVE_CUTOFF)
                ac__print_tb_entry(t, out);
        }
        print_repeats(count, out);
    }
    ac__exc_print_only(e, out);
}

void ac__exc_print_only(const ac_exc *e, FILE *out)
{
    if (e->msg[0] == '\0') {
        fprintf(out, "%s\n", printed_name(e));
    } else if (ac_exc_matches(e, &ac_KeyError)) {
        fprintf(out, "%s: ", printed_name(e));
        print_repr(e->msg, out);
        fputc('\n', out);
    } else {
        fprintf(out, "%s: %s\n", printed_name(e), e->msg);
    }
}

static void print_chain(const ac_exc *e, const seen *s, FILE *out)
{
    seen here = {e, s};
    if (e->cause != NULL && !was_seen(&here, e->cause)) {
        print_chain(e->cause, &here, out);
        fputs("\nThe above exception was the direct cause of the following "
              "exception:\n\n",
              out);
    } else if (e->context != NULL && !e->suppress_context &&
               !was_seen(&here, e->context)) {
        print_chain(e->context, &here, out);
        fputs("\nDuring handling of the above exception, another exception "
              "occurred:\n\n",
              out);
    }
    ac__exc_print_one(e, out);
}

void ac_exc_print(const ac_exc *e, FILE *out)
{
    if (e != NULL && ac__exc_chain_has_group(e))
        ac__exc_print_grouped(e, out);
    else if (e != NULL)
        print_chain(e, NULL, out);
}
