/* macro.h - expanding, in the bodies of resumable functions, the macros
 * that the translated file and its annotated headers (.ah) define.
 *
 * SPEC section 3: a macro used in a resumable body sees the body as the
 * programmer wrote it, so one that names a local (which moves into the
 * frame), declares one, sizes a frame array or holds `yield`/`await`
 * works.  The translator expands those macros there, by the rules of the
 * C preprocessor (C11 6.10.3); everything outside the bodies is left
 * byte for byte.  A macro defined under a condition the translator cannot
 * decide (`#ifdef DEBUG`, with DEBUG from the command line), or taken from
 * another header, is left as it is. */
#ifndef AC_MACRO_H
#define AC_MACRO_H

#include "frontend/prepass.h"

typedef struct ac_macro_opts {
    const char *const *include_dirs; /* -I, searched after the file's dir */
    size_t ninclude_dirs;
} ac_macro_opts;

/* Expands the macros used in the bodies of the resumable functions that
 * the pre-pass pp (run over src->text) found.  When anything was
 * expanded, the expansion becomes src->text (ac_source_set_text), whose
 * positions still report the original's lines and columns, and the
 * result is 1; with nothing to expand it is 0.  Errors (a malformed
 * invocation, an expansion too large or too deep) are reported at the
 * invocation and give -1. */
int ac_macro_expand(ac_source *src, const ac_prepass *pp,
                    const ac_macro_opts *opts, ac_diag *d);

#endif
