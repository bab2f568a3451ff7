/* lex.c - the pre-pass's token scanner: C tokens, with comments, literals
 * and preprocessor lines skipped whole so that nothing inside them is
 * ever taken for a keyword. */
#include "frontend/lex.h"

#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"

typedef struct ac_lexer {
    const ac_source *src;
    const char *s;
    size_t len;
    ac_diag *d;
    int errors;
    bool nul_reported;
    ac_tokens *out;
    size_t tok_cap, inc_cap, blank_cap, splice_cap, dir_cap, lc_cap;
} ac_lexer;

static void ac_lex_error(ac_lexer *lx, size_t at, const char *msg)
{
    ac_diag_error(lx->d, lx->src, (uint32_t)at, "%s", msg);
    lx->errors++;
}

static void ac_lex_push(ac_lexer *lx, ac_tok_kind kind, size_t start,
                        size_t end)
{
    ac_tokens *o = lx->out;
    if (o->ntoks == lx->tok_cap) {
        lx->tok_cap = lx->tok_cap ? 2 * lx->tok_cap : 256;
        o->toks = ac_xrealloc(o->toks, lx->tok_cap * sizeof *o->toks);
    }
    o->toks[o->ntoks++] = (ac_tok){kind, (uint32_t)start, (uint32_t)end};
}

static void ac_note_blank(ac_lexer *lx, size_t start, size_t end)
{
    ac_tokens *o = lx->out;
    if (o->nblanks == lx->blank_cap) {
        lx->blank_cap = lx->blank_cap ? 2 * lx->blank_cap : 8;
        o->blanks = ac_xrealloc(o->blanks, lx->blank_cap * sizeof *o->blanks);
    }
    o->blanks[o->nblanks++] = (ac_span){(uint32_t)start, (uint32_t)end};
}

static void ac_note_directive(ac_lexer *lx, size_t start, size_t end)
{
    ac_tokens *o = lx->out;
    if (o->ndirectives == lx->dir_cap) {
        lx->dir_cap = lx->dir_cap ? 2 * lx->dir_cap : 64;
        o->directives =
            ac_xrealloc(o->directives, lx->dir_cap * sizeof *o->directives);
    }
    o->directives[o->ndirectives++] = (ac_span){(uint32_t)start, (uint32_t)end};
}

/* A preprocessor line ending in blanks (spaces, tabs, or a comment the
 * masked text blanks) from hash to end: the last two become `//`. */
static void ac_note_trailing_blanks(ac_lexer *lx, size_t hash, size_t end)
{
    ac_tokens *o = lx->out;
    size_t j = end;
    if (j > hash && lx->s[j - 1] == '\r')
        end = --j;
    for (;;) {
        if (j > hash && (lx->s[j - 1] == ' ' || lx->s[j - 1] == '\t'))
            j--;
        else if (o->nblanks && o->blanks[o->nblanks - 1].end == j &&
                 o->blanks[o->nblanks - 1].start > hash)
            j = o->blanks[o->nblanks - 1].start;
        else
            break;
    }
    if (end - j < 2)
        return;
    if (o->nline_comments == lx->lc_cap) {
        lx->lc_cap = lx->lc_cap ? 2 * lx->lc_cap : 16;
        o->line_comments = ac_xrealloc(o->line_comments,
                                       lx->lc_cap * sizeof *o->line_comments);
    }
    o->line_comments[o->nline_comments++] = (uint32_t)(end - 2);
}

static void ac_note_crlf_splice(ac_lexer *lx, size_t at)
{
    ac_tokens *o = lx->out;
    if (o->ncrlf_splices == lx->splice_cap) {
        lx->splice_cap = lx->splice_cap ? 2 * lx->splice_cap : 8;
        o->crlf_splices = ac_xrealloc(o->crlf_splices,
                                      lx->splice_cap * sizeof *o->crlf_splices);
    }
    o->crlf_splices[o->ncrlf_splices++] = (uint32_t)at;
}

static bool ac_is_ident_start(unsigned char c)
{
    return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool ac_is_ident_char(unsigned char c)
{
    return ac_is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool ac_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The length of a backslash-newline at i (a line continuation), or 0. */
static size_t ac_continuation(const ac_lexer *lx, size_t i)
{
    if (i >= lx->len || lx->s[i] != '\\')
        return 0;
    if (i + 1 < lx->len && lx->s[i + 1] == '\n')
        return 2;
    if (i + 2 < lx->len && lx->s[i + 1] == '\r' && lx->s[i + 2] == '\n')
        return 3;
    return 0;
}

/* Skips the block comment opening at i; returns the offset after it. */
static size_t ac_skip_block_comment(ac_lexer *lx, size_t i)
{
    const char *end = memmem(lx->s + i + 2, lx->len - i - 2, "*/", 2);
    if (end == NULL) {
        ac_lex_error(lx, i, "unterminated comment");
        return lx->len;
    }
    return (size_t)(end - lx->s) + 2;
}

/* Skips the line comment opening at i, continuations included; returns the
 * offset of the newline that ends it. */
static size_t ac_skip_line_comment(ac_lexer *lx, size_t i)
{
    while (i < lx->len && lx->s[i] != '\n') {
        size_t c = ac_continuation(lx, i);
        i += c ? c : 1;
    }
    return i;
}

/* Skips the literal opening with the quote at i.  in_directive: a missing
 * terminator is left for the preprocessor to judge. */
static size_t ac_skip_literal(ac_lexer *lx, size_t i, bool in_directive)
{
    char quote = lx->s[i];
    size_t j = i + 1;
    while (j < lx->len && lx->s[j] != quote && lx->s[j] != '\n') {
        if (lx->s[j] == '\\' && j + 1 < lx->len) {
            size_t c = ac_continuation(lx, j);
            if (c == 3)
                ac_note_crlf_splice(lx, j);
            j += c ? c : 2;
            continue;
        }
        j++;
    }
    if (j < lx->len && lx->s[j] == quote)
        return j + 1;
    if (!in_directive)
        ac_lex_error(lx, i,
                     quote == '"' ? "missing terminating \" character"
                                  : "missing terminating ' character");
    return j;
}

static void ac_note_ah_include(ac_lexer *lx, size_t start, size_t end)
{
    if (end - start < 4 || memcmp(lx->s + end - 3, ".ah", 3) != 0)
        return;
    ac_tokens *o = lx->out;
    if (o->nah_includes == lx->inc_cap) {
        lx->inc_cap = lx->inc_cap ? 2 * lx->inc_cap : 8;
        o->ah_includes =
            ac_xrealloc(o->ah_includes, lx->inc_cap * sizeof *o->ah_includes);
    }
    o->ah_includes[o->nah_includes++] =
        (ac_span){(uint32_t)start, (uint32_t)end};
}

/* Looks at a directive's text after the '#' for `include "x.ah"`. */
static void ac_scan_include(ac_lexer *lx, size_t i, size_t end)
{
    const char *s = lx->s;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (end - i < 7 || memcmp(s + i, "include", 7) != 0)
        return;
    i += 7;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= end || s[i] != '"')
        return;
    size_t name = ++i;
    while (i < end && s[i] != '"' && s[i] != '\n')
        i++;
    if (i < end && s[i] == '"')
        ac_note_ah_include(lx, name, i);
}

/* The directive name after the '#' at i: its start, and its length in
 * *len (0 when there is none). */
static size_t ac_directive_name(const ac_lexer *lx, size_t i, size_t *len)
{
    i++;
    while (i < lx->len && (lx->s[i] == ' ' || lx->s[i] == '\t'))
        i++;
    size_t j = i;
    while (j < lx->len && ac_is_ident_char((unsigned char)lx->s[j]))
        j++;
    *len = j - i;
    return i;
}

static bool ac_word_is(const ac_lexer *lx, size_t at, size_t len,
                       const char *word)
{
    return len == strlen(word) && memcmp(lx->s + at, word, len) == 0;
}

/* Whether the directive at hash (ending at end) is `#if 0`. */
static bool ac_is_if0(const ac_lexer *lx, size_t hash, size_t end)
{
    size_t len, at = ac_directive_name(lx, hash, &len);
    if (!ac_word_is(lx, at, len, "if"))
        return false;
    size_t i = at + len;
    while (i < end && (lx->s[i] == ' ' || lx->s[i] == '\t'))
        i++;
    if (i >= end || lx->s[i] != '0')
        return false;
    for (i++; i < end && (lx->s[i] == ' ' || lx->s[i] == '\t' ||
                          lx->s[i] == '\r');)
        i++;
    return i == end || lx->s[i] == '/';
}

/* The group of an `#if 0` whose line ends at i is dead text, not C: it
 * may hold an apostrophe in prose or half a statement.  Returns the start
 * of the line of the `#else`, `#elif` or `#endif` that ends it (comments
 * honoured, nested conditionals counted), or the end of the file. */
static size_t ac_skip_if0(const ac_lexer *lx, size_t i)
{
    int depth = 0;
    bool line_start = false;
    while (i < lx->len) {
        char c = lx->s[i];
        size_t cont = ac_continuation(lx, i);
        if (cont) {
            i += cont;
        } else if (c == '\n') {
            line_start = true;
            i++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            i++;
        } else if (c == '/' && i + 1 < lx->len && lx->s[i + 1] == '*') {
            const char *e = memmem(lx->s + i + 2, lx->len - i - 2, "*/", 2);
            i = e ? (size_t)(e - lx->s) + 2 : lx->len;
        } else if (c == '#' && line_start) {
            size_t len, at = ac_directive_name(lx, i, &len);
            if (ac_word_is(lx, at, len, "if") ||
                ac_word_is(lx, at, len, "ifdef") ||
                ac_word_is(lx, at, len, "ifndef")) {
                depth++;
            } else if (ac_word_is(lx, at, len, "endif") ||
                       ac_word_is(lx, at, len, "else") ||
                       ac_word_is(lx, at, len, "elif")) {
                if (depth == 0) {
                    while (i > 0 && lx->s[i - 1] != '\n')
                        i--;
                    return i;
                }
                depth -= ac_word_is(lx, at, len, "endif");
            }
            line_start = false;
            i = at + len;
        } else {
            line_start = false;
            i++;
        }
    }
    return i;
}

/* Skips the preprocessor line whose '#' is at i; returns the offset of
 * the newline that ends it, or after the dead group of an `#if 0`. */
static size_t ac_skip_directive(ac_lexer *lx, size_t i)
{
    size_t hash = i++;
    while (i < lx->len && lx->s[i] != '\n') {
        size_t c = ac_continuation(lx, i);
        if (c) {
            i += c;
        } else if (lx->s[i] == '/' && i + 1 < lx->len && lx->s[i + 1] == '*') {
            size_t start = i;
            i = ac_skip_block_comment(lx, i);
            ac_note_blank(lx, start, i);
        } else if (lx->s[i] == '/' && i + 1 < lx->len && lx->s[i + 1] == '/') {
            i = ac_skip_line_comment(lx, i);
        } else if (lx->s[i] == '"' || lx->s[i] == '\'') {
            i = ac_skip_literal(lx, i, true);
        } else {
            i++;
        }
    }
    ac_scan_include(lx, hash + 1, i);
    ac_note_directive(lx, hash, i);
    ac_note_trailing_blanks(lx, hash, i);
    if (ac_is_if0(lx, hash, i)) {
        size_t end = ac_skip_if0(lx, i);
        ac_note_blank(lx, i, end);
        return end;
    }
    return i;
}

/* A pp-number: digits, letters, '_', '.', and signs after e/E/p/P. */
static size_t ac_scan_number(const ac_lexer *lx, size_t i)
{
    while (i < lx->len) {
        char c = lx->s[i];
        if ((c == '+' || c == '-') && strchr("eEpP", lx->s[i - 1]))
            i++;
        else if (ac_is_ident_char((unsigned char)c) || c == '.')
            i++;
        else
            break;
    }
    return i;
}

static size_t ac_punct_len(const ac_lexer *lx, size_t i)
{
    static const char *const three[] = {"<<=", ">>=", "..."};
    static const char *const two[] = {
        "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&",
        "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##"};
    size_t left = lx->len - i;
    for (size_t k = 0; k < sizeof three / sizeof *three; k++)
        if (left >= 3 && memcmp(lx->s + i, three[k], 3) == 0)
            return 3;
    for (size_t k = 0; k < sizeof two / sizeof *two; k++)
        if (left >= 2 && memcmp(lx->s + i, two[k], 2) == 0)
            return 2;
    return 1;
}

/* Scans one token (or skips one piece of whitespace) at i. */
static size_t ac_lex_step(ac_lexer *lx, size_t i, bool *line_start)
{
    const char *s = lx->s;
    unsigned char c = (unsigned char)s[i];
    size_t cont = ac_continuation(lx, i);
    if (c == '\n') {
        *line_start = true;
        return i + 1;
    }
    if (cont)
        return i + cont;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        return i + 1;
    if (c == '/' && i + 1 < lx->len && s[i + 1] == '*')
        return ac_skip_block_comment(lx, i);
    if (c == '/' && i + 1 < lx->len && s[i + 1] == '/')
        return ac_skip_line_comment(lx, i);
    if (c == '#' && *line_start)
        return ac_skip_directive(lx, i);
    *line_start = false;
    if (c == '\0') {
        if (!lx->nul_reported)
            ac_lex_error(lx, i, "null character in source file");
        lx->nul_reported = true;
        return i + 1;
    }
    size_t j;
    if (ac_is_ident_start(c)) {
        for (j = i + 1; j < lx->len && ac_is_ident_char((unsigned char)s[j]);)
            j++;
        ac_lex_push(lx, AC_TOK_IDENT, i, j);
    } else if (ac_is_digit(c) ||
               (c == '.' && i + 1 < lx->len && ac_is_digit(s[i + 1]))) {
        j = ac_scan_number(lx, i + 1);
        ac_lex_push(lx, AC_TOK_NUMBER, i, j);
    } else if (c == '"' || c == '\'') {
        j = ac_skip_literal(lx, i, false);
        ac_lex_push(lx, c == '"' ? AC_TOK_STRING : AC_TOK_CHAR, i, j);
    } else {
        j = i + ac_punct_len(lx, i);
        ac_lex_push(lx, AC_TOK_PUNCT, i, j);
    }
    return j;
}

int ac_lex(const ac_source *src, ac_tokens *out, ac_diag *d)
{
    ac_lexer lx = {0};
    lx.src = src;
    lx.s = src->text;
    lx.len = src->len;
    lx.d = d;
    lx.out = out;
    memset(out, 0, sizeof *out);
    bool line_start = true;
    size_t i = 0;
    while (i < lx.len)
        i = ac_lex_step(&lx, i, &line_start);
    return lx.errors;
}

void ac_tokens_free(ac_tokens *t)
{
    free(t->toks);
    free(t->ah_includes);
    free(t->blanks);
    free(t->crlf_splices);
    free(t->directives);
    free(t->line_comments);
    memset(t, 0, sizeof *t);
}

bool ac_tok_is(const ac_source *src, const ac_tok *t, const char *word)
{
    size_t n = strlen(word);
    return t->end - t->start == n && memcmp(src->text + t->start, word, n) == 0;
}
