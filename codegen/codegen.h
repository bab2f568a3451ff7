/* codegen.h - the translator's back end: a parsed unit in, C / JSON / DOT
 * out.  Runs the lowering (lowering/) and emits its result. */
#ifndef AC_CODEGEN_H
#define AC_CODEGEN_H

#include <stdbool.h>

#include "frontend/buf.h"
#include "frontend/unit.h"

typedef enum ac_emit_kind { AC_EMIT_C, AC_EMIT_JSON, AC_EMIT_DOT } ac_emit_kind;

typedef struct ac_emit_opts {
    ac_emit_kind kind;
    bool line_directives; /* #line (off with --no-line) */
    /* the output's name in the directives that map the translator's own
     * code back to the output (NULL: the input's name, .ac -> .c) */
    const char *out_name;
} ac_emit_opts;

/* Translates u, appending the output to out.  Returns 0, or -1 when
 * diagnostics were reported to d (then out must not be written anywhere).
 * A unit with no annotations translates to itself, byte for byte. */
int ac_translate(const ac_unit *u, const ac_emit_opts *opts, ac_buf *out,
                 ac_diag *d);

#endif
