/* emit.h - the C back end's shared output state. */
#ifndef AC_EMIT_H
#define AC_EMIT_H

#include <stdbool.h>

#include "codegen/codegen.h"
#include "lowering/lower.h"

typedef struct ac_out {
    ac_buf *b;
    const ac_unit *u;
    const ac_lunit *lu;
    const ac_emit_opts *opts;
    ac_diag *d;
    bool dirty; /* generated lines since the last #line */
    int errors;
    /* indentation of generated lines: the column of the statement being
     * rewritten plus the braces opened by generated text */
    int base, depth;
    bool bol; /* at the beginning of a generated line */
    /* #line bookkeeping (out.c): every output line that holds code maps
     * either to a line of the source or to itself in the generated file */
    size_t counted;  /* bytes of b whose newlines phys counts */
    int phys;        /* the output line being written (1-based) */
    bool map_src;    /* the last directive named the source */
    int map_line;    /* ... and said map_line for output line map_at */
    int map_at;
    bool committed;  /* the current output line's mapping is settled */
    bool squeeze;    /* skip blanks (a generated newline became a space) */
    /* the source line generated text belongs to (the construct it
     * implements); 0: the translator's own code, mapped to the output */
    int attr;
    /* coroutine call sites (origin.c): sorted by start (the outermost
     * first); site_ends: their indices by end (the innermost first);
     * site_open: how many times each is open in the output */
    struct ac_site *sites;
    size_t nsites;
    size_t *site_ends;
    int *site_open;
} ac_out;

typedef struct ac_site {
    uint32_t start, end; /* the call expression */
    int line;
    bool task; /* the coroutine argument of a task constructor: its frame
                * is made with room for the task (ac__set_task_origin) */
} ac_site;

/* Generated text (may hold newlines: the next copied statement gets a
 * #line directive). */
void ac_gen(ac_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Source bytes [start, end), as in the original except the blanked
 * keywords (`async` of async for/with, try/catch/finally headers). */
void ac_copy(ac_out *o, uint32_t start, uint32_t end);
/* s as a C string literal (quotes and backslashes escaped). */
void ac_put_quoted(ac_out *o, const char *s);
/* Kept for callers: the mapping is now kept by ac_copy and ac_gen (a
 * no-op). */
void ac_line(ac_out *o, int line);
/* Copies the blank gap before a statement (as ac_copy). */
void ac_copy_gap(ac_out *o, uint32_t start, uint32_t end, int next_line);
/* Puts the source byte at `at` next in the output at its own line and
 * column (the operand of a keyword, a catch type), breaking the output
 * line when needed. */
void ac_align(ac_out *o, uint32_t at);
/* The generated text that follows stands for the source at `at` (a
 * renamed variable): it goes on that source line. */
void ac_at(ac_out *o, uint32_t at);
/* The output's state before the first byte is written. */
void ac_out_start(ac_out *o);

/* origin.c: coroutine call sites record where the coroutine was created
 * (ac__set_origin before the call, written by ac_copy); a call whose
 * result is dropped is a warning, one stored in a scalar an error. */
void ac_origin_sites(ac_out *o);
int ac_origin_check(const ac_unit *u, const ac_lunit *lu, ac_diag *d);

/* emit_frame.c: the frame struct, code object, constructor, prototypes. */
void ac_emit_frame(ac_out *o, const ac_lfunc *f);
void ac_emit_constructor(ac_out *o, const ac_lfunc *f, TSNode def);
void ac_emit_prototype(ac_out *o, const ac_lfunc *f, TSNode decl);
void ac_emit_drop(ac_out *o, const ac_lfunc *f);
bool ac_frame_has_handles(const ac_lfunc *f);
bool ac_frame_has_yield_slot(const ac_lfunc *f);
bool ac_frame_has_handled(const ac_lfunc *f);
const char *ac_frame_slot_field(const ac_lfunc *f, int i);
const char *ac_handle_type(ac_fn_kind k);

/* emit_body.c: the resume function, and plain functions' for-in loops. */
void ac_emit_resume(ac_out *o, const ac_lfunc *f, TSNode def);
void ac_emit_plain(ac_out *o, const ac_lfunc *f, TSNode def);

/* emit_debug.c: locals named as the source's frame variables, for gdb. */
void ac_emit_debug_locals(ac_out *o, const ac_lfunc *f, TSNode body);

/* emit_json.c, emit_dot.c */
int ac_emit_json(const ac_lunit *lu, ac_buf *out);
int ac_emit_dot(const ac_lunit *lu, ac_buf *out);

#endif
