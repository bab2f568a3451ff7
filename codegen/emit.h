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
} ac_out;

/* Generated text (may hold newlines: the next copied statement gets a
 * #line directive). */
void ac_gen(ac_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Source bytes [start, end), as in the original except the blanked
 * keywords (`async` of async for/with, try/catch/finally headers). */
void ac_copy(ac_out *o, uint32_t start, uint32_t end);
/* `#line N "file"` on a line of its own (when enabled). */
void ac_line(ac_out *o, int line);
/* Copies the blank gap before a statement, putting a #line directive
 * after its last newline when generated text came before. */
void ac_copy_gap(ac_out *o, uint32_t start, uint32_t end, int next_line);

/* emit_frame.c: the frame struct, code object, constructor, prototypes. */
void ac_emit_frame(ac_out *o, const ac_lfunc *f);
void ac_emit_constructor(ac_out *o, const ac_lfunc *f, TSNode def);
void ac_emit_prototype(ac_out *o, const ac_lfunc *f, TSNode decl);
void ac_emit_drop(ac_out *o, const ac_lfunc *f);
bool ac_frame_has_handles(const ac_lfunc *f);
bool ac_frame_has_yield_slot(const ac_lfunc *f);
const char *ac_handle_type(ac_fn_kind k);

/* emit_body.c: the resume function, and plain functions' for-in loops. */
void ac_emit_resume(ac_out *o, const ac_lfunc *f, TSNode def);
void ac_emit_plain(ac_out *o, const ac_lfunc *f, TSNode def);

/* emit_json.c, emit_dot.c */
int ac_emit_json(const ac_lunit *lu, ac_buf *out);
int ac_emit_dot(const ac_lunit *lu, ac_buf *out);

#endif
