/* lex.h - the pre-pass's token scanner (internal to frontend/).
 *
 * Splits a source into identifiers, numbers, string and character
 * literals and punctuators.  Comments, whitespace and preprocessor lines
 * are skipped; line continuations are honoured.  Only `#include "x.ah"`
 * is looked into, to record the span of the file name. */
#ifndef AC_LEX_H
#define AC_LEX_H

#include <stdbool.h>

#include "frontend/prepass.h"

typedef enum ac_tok_kind {
    AC_TOK_IDENT,
    AC_TOK_NUMBER,
    AC_TOK_STRING,
    AC_TOK_CHAR,
    AC_TOK_PUNCT,
} ac_tok_kind;

typedef struct ac_tok {
    ac_tok_kind kind;
    uint32_t start, end;
} ac_tok;

typedef struct ac_tokens {
    ac_tok *toks;
    size_t ntoks;
    ac_span *ah_includes;
    size_t nah_includes;
    /* Spans the masked text blanks so that tree-sitter-c 0.23 parses it:
     * block comments inside preprocessor lines (a comment followed by a
     * line continuation breaks its preproc_arg). */
    ac_span *blanks;
    size_t nblanks;
    /* Offsets of the backslash of a CRLF line continuation inside a
     * literal, which tree-sitter-c does not take: the masked text moves
     * the backslash onto the CR, keeping an LF continuation. */
    uint32_t *crlf_splices;
    size_t ncrlf_splices;
    /* Offsets where the masked text puts `//`: the last two of the blanks
     * (comments included) ending a preprocessor line, which tree-sitter-c
     * 0.23 takes for the line's end, reading the next line into it. */
    uint32_t *line_comments;
    size_t nline_comments;
    /* Every preprocessor line, from its '#' to the newline ending it. */
    ac_span *directives;
    size_t ndirectives;
} ac_tokens;

/* Scans src.  Unterminated comments and literals and NUL bytes are
 * reported to d.  Returns the number of errors reported. */
int ac_lex(const ac_source *src, ac_tokens *out, ac_diag *d);
void ac_tokens_free(ac_tokens *t);
/* Whether token t spells exactly word. */
bool ac_tok_is(const ac_source *src, const ac_tok *t, const char *word);

#endif
