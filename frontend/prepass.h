/* prepass.h - the keyword pre-pass.
 *
 * Scans the tokens of a source and replaces each extension keyword with a
 * placeholder of the same byte length that tree-sitter-c parses (see
 * docs/DESIGN.md for the table), recording what it replaced.  Offsets,
 * lines and columns of the masked text are those of the original. */
#ifndef AC_PREPASS_H
#define AC_PREPASS_H

#include "frontend/source.h"

typedef enum ac_kw_kind {
    AC_KW_ASYNC,      /* `async` before a file-scope declaration */
    AC_KW_GENERATOR,  /* `generator(Y[, S[, R]])`; args = inside the parens */
    AC_KW_AWAIT,      /* `await` */
    AC_KW_YIELD,      /* `yield` (bare `yield;` when flags & AC_KWF_BARE) */
    AC_KW_YIELD_FROM, /* `yield from`: start..end spans both words */
    AC_KW_THROW,      /* `throw` (bare `throw;` when flags & AC_KWF_BARE) */
    AC_KW_TRY,        /* `try` */
    AC_KW_CATCH,      /* `catch (T1 | T2 name)`: start..end = whole header;
                         types[] and name are recorded */
    AC_KW_FINALLY,    /* `finally` */
    AC_KW_IN,         /* `in` of `for ( [T] v in E )` */
    AC_KW_ASYNC_FOR,  /* `async` of `async for`; an AC_KW_IN follows */
    AC_KW_ASYNC_WITH, /* `async with`: start..end spans both words; decl =
                         the blanked `T v =` part of `(T v = E)` if any */
} ac_kw_kind;

enum { AC_KWF_BARE = 1 };

typedef struct ac_span {
    uint32_t start, end; /* byte offsets in the source, end exclusive */
} ac_span;

typedef struct ac_kw {
    ac_kw_kind kind;
    unsigned flags;
    uint32_t start, end; /* the bytes replaced in the masked text */
    /* AC_KW_GENERATOR: the comma-separated type arguments Y, S, R
     * (nargs of them); AC_KW_CATCH: the type names (nargs) and the name
     * (name.start == name.end when there is none); AC_KW_ASYNC_WITH: decl
     * is the `T v` text (empty when the form is `(E)`), name is v.
     * args is allocated (as many as a catch names) and freed with the
     * pre-pass. */
    ac_span *args;
    int nargs;
    ac_span name;
    ac_span decl;
} ac_kw;

typedef struct ac_prepass {
    /* Same length as the source, NUL-terminated.  Besides the keywords,
     * block comments inside preprocessor lines are blanked, and a CRLF
     * line continuation inside a literal (backslash, CR, LF) becomes
     * space, backslash, LF: tree-sitter-c mis-parses both. */
    char *masked;
    ac_kw *kws; /* sorted by start */
    size_t nkws;
    /* `#include "x.ah"` lines: the span of the file name inside the quotes */
    ac_span *ah_includes;
    size_t nah_includes;
    /* The file-scope declarations the lowering rewrites, in order: each
     * resumable function (definition or prototype) and each plain function
     * definition holding a for-in loop, from the first token of the
     * declaration to its `;` or closing `}` (to the end of the file when
     * the body is never closed).  Text the C grammar cannot read matters
     * only there (SPEC section 3); elsewhere it is copied as it is. */
    ac_span *fns;
    size_t nfns;
    /* Every preprocessor line, from its '#' to the newline ending it. */
    ac_span *directives;
    size_t ndirectives;
} ac_prepass;

/* Runs the pre-pass.  Misuses (SPEC section 3: `yield` outside a
 * generator, `await` outside an async function, `try`/`throw` outside a
 * resumable function, `async for`/`async with` outside an async function,
 * unterminated comments/strings, malformed `generator(...)`/`catch (...)`)
 * are reported to d.  Returns 0, or -1 when errors were reported. */
int ac_prepass_run(const ac_source *src, ac_prepass *out, ac_diag *d);
void ac_prepass_free(ac_prepass *p);
/* The keyword recorded at exactly start, or NULL. */
const ac_kw *ac_prepass_kw_at(const ac_prepass *p, uint32_t start);

#endif
