/* prepass.c - finds the extension keywords among the tokens and masks each
 * with a placeholder of the same byte length that tree-sitter-c parses
 * (docs/DESIGN.md has the table).
 *
 * Context is tracked at two levels.  At file scope: where a declaration
 * starts, so that `async` and `generator(...)` there mark a resumable
 * function, and which `{` opens a function body.  Inside a body: the kind
 * of the function (plain, coroutine, generator, async generator) and a
 * stack of blocks, so that `catch`/`finally` can check for the `try` block
 * they follow. */
#include "frontend/prepass.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "frontend/lex.h"

/* Scans for a closing parenthesis give up after this many tokens: real
 * headers are short, and malformed input must not cost quadratic time. */
#define AC_PP_SCAN_LIMIT 4096
#define AC_PP_NONE ((size_t)-1)

typedef enum ac_fn_kind {
    AC_FN_NONE, /* not inside a function body */
    AC_FN_PLAIN,
    AC_FN_CORO,
    AC_FN_GEN,
    AC_FN_AGEN,
} ac_fn_kind;

typedef enum ac_blk_tag {
    AC_BLK_OTHER,
    AC_BLK_BODY,
    AC_BLK_TRY,
    AC_BLK_CATCH,
    AC_BLK_FINALLY,
} ac_blk_tag;

typedef struct ac_block {
    ac_blk_tag tag;
    uint32_t kw; /* AC_BLK_TRY: offset of the `try` keyword */
} ac_block;

typedef struct ac_pp_cond ac_pp_cond;

typedef struct ac_pp {
    const ac_source *src;
    ac_diag *d;
    int errors;
    const ac_tok *t;
    size_t n;
    char *masked;
    ac_kw *kws;
    size_t nkws, kw_cap;
    ac_block *blocks;
    size_t depth, blk_cap;
    /* file scope: the declaration being read, its first token's offset
     * (when decl_begun) and the depth of parentheses in it */
    bool decl_start, decl_has_eq, decl_begun;
    uint32_t decl_first;
    int decl_parens;
    ac_fn_kind pend;
    bool pend_r_void;
    /* the function body being read */
    ac_fn_kind fn;
    bool r_void; /* a generator whose R is void */
    /* the tag the `{` at index tag_at gets (after try/catch/finally) */
    size_t tag_at;
    ac_blk_tag tag_next;
    uint32_t tag_kw;
    /* the `}` just closed, for catch/finally */
    size_t closed_at;
    ac_blk_tag closed_tag;
    /* the `for` of an `async for` */
    size_t async_for_at;
    /* the keywords recorded before the function body being read */
    size_t body_kws;
    ac_span *fns; /* see ac_prepass */
    size_t nfns, fns_cap;
    /* preprocessor lines, and the conditionals open at the token read */
    const ac_span *dirs;
    size_t ndirs, next_dir;
    ac_pp_cond *conds;
    size_t nconds, cond_cap;
} ac_pp;

/* An open #if: the groups of a conditional often each open (or close) the
 * same brace, as `#ifdef X\n void f(int a) {\n #else\n void f(void) {`,
 * so each group is read from the state at the #if, and the state after
 * the first one continues after the #endif. */
struct ac_pp_cond {
    ac_pp at_if;
    ac_block *if_blocks;
    bool has_first; /* an #else or #elif was read */
    ac_pp after_first;
    ac_block *first_blocks;
};

/* ---- small helpers ------------------------------------------------------ */

static const ac_tok *ac_pp_tok(const ac_pp *pp, size_t k)
{
    return k < pp->n ? &pp->t[k] : NULL;
}

static bool ac_pp_is(const ac_pp *pp, size_t k, const char *word)
{
    const ac_tok *t = ac_pp_tok(pp, k);
    return t != NULL && ac_tok_is(pp->src, t, word);
}

#define AC_PP_COUNT(words) (sizeof(words) / sizeof *(words))

/* Whether token k is one of the n words. */
static bool ac_pp_is_any(const ac_pp *pp, size_t k, const char *const *words,
                         size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ac_pp_is(pp, k, words[i]))
            return true;
    return false;
}

static bool ac_pp_is_kind(const ac_pp *pp, size_t k, ac_tok_kind kind)
{
    const ac_tok *t = ac_pp_tok(pp, k);
    return t != NULL && t->kind == kind;
}

static void ac_pp_error(ac_pp *pp, uint32_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void ac_pp_error(ac_pp *pp, uint32_t at, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ac_diag_error(pp->d, pp->src, at, "%s", msg);
    pp->errors++;
}

/* Replaces masked[start, end) with repl (of that length), or with spaces
 * when repl is NULL; newlines always stay. */
static void ac_pp_mask(ac_pp *pp, uint32_t start, uint32_t end,
                       const char *repl)
{
    for (uint32_t i = start; i < end; i++) {
        if (pp->src->text[i] == '\n')
            continue;
        pp->masked[i] = repl ? repl[i - start] : ' ';
    }
}

static ac_kw *ac_pp_add_kw(ac_pp *pp, ac_kw_kind kind, uint32_t start,
                           uint32_t end)
{
    if (pp->nkws == pp->kw_cap) {
        pp->kw_cap = pp->kw_cap ? 2 * pp->kw_cap : 32;
        pp->kws = ac_xrealloc(pp->kws, pp->kw_cap * sizeof *pp->kws);
    }
    ac_kw *kw = &pp->kws[pp->nkws++];
    memset(kw, 0, sizeof *kw);
    kw->kind = kind;
    kw->start = start;
    kw->end = end;
    return kw;
}

static bool ac_pp_resumable(const ac_pp *pp)
{
    return pp->fn == AC_FN_CORO || pp->fn == AC_FN_GEN || pp->fn == AC_FN_AGEN;
}

static bool ac_pp_async_fn(const ac_pp *pp)
{
    return pp->fn == AC_FN_CORO || pp->fn == AC_FN_AGEN;
}

/* Whether the token at k, after a keyword outside a resumable body, shows
 * that the text cannot be C: an identifier or a literal. */
static bool ac_pp_cannot_be_c(const ac_pp *pp, size_t k)
{
    const ac_tok *t = ac_pp_tok(pp, k);
    return t != NULL && t->kind != AC_TOK_PUNCT;
}

/* The index of the `)` closing the `(` at open, or AC_PP_NONE.  Stops at
 * braces, and at a top-level `;` when stop_at_semicolon. */
/* The `}` that closes the `{` at open, or AC_PP_NONE. */
static size_t ac_pp_match_brace(const ac_pp *pp, size_t open)
{
    int depth = 0;
    for (size_t j = open; j < pp->n && j - open < AC_PP_SCAN_LIMIT; j++) {
        if (ac_pp_is(pp, j, "{"))
            depth++;
        else if (ac_pp_is(pp, j, "}") && --depth == 0)
            return j;
    }
    return AC_PP_NONE;
}

static size_t ac_pp_match_paren(const ac_pp *pp, size_t open,
                                bool stop_at_semicolon)
{
    int depth = 0;
    for (size_t j = open; j < pp->n && j - open < AC_PP_SCAN_LIMIT; j++) {
        if (pp->t[j].kind != AC_TOK_PUNCT)
            continue;
        if (ac_pp_is(pp, j, "(")) {
            depth++;
        } else if (ac_pp_is(pp, j, ")")) {
            if (--depth == 0)
                return j;
        } else if (ac_pp_is(pp, j, "{") && depth > 0 && j > 0 &&
                   ac_pp_is(pp, j - 1, ")")) {
            /* a compound literal, `(struct span){1, 3}`: its braces */
            j = ac_pp_match_brace(pp, j);
            if (j == AC_PP_NONE)
                return AC_PP_NONE;
        } else if (ac_pp_is(pp, j, "{") || ac_pp_is(pp, j, "}")) {
            return AC_PP_NONE;
        } else if (stop_at_semicolon && depth == 1 && ac_pp_is(pp, j, ";")) {
            return AC_PP_NONE;
        }
    }
    return AC_PP_NONE;
}

static bool ac_pp_text_is(const ac_pp *pp, ac_span s, const char *word)
{
    size_t n = strlen(word);
    return s.end - s.start == n &&
           memcmp(pp->src->text + s.start, word, n) == 0;
}

/* ---- file scope --------------------------------------------------------- */

static void ac_pp_reset_decl(ac_pp *pp)
{
    pp->decl_start = true;
    pp->decl_has_eq = false;
    pp->decl_begun = false;
    pp->decl_parens = 0;
    pp->pend = AC_FN_NONE;
    pp->pend_r_void = false;
}

/* Whether the declaration from k on declares a function: a `(` follows at
 * least one token before the declaration's first `;`, `{`, `=` or `,`. */
static bool ac_pp_declares_function(const ac_pp *pp, size_t k)
{
    for (size_t j = k; j < pp->n && j - k < AC_PP_SCAN_LIMIT; j++) {
        if (ac_pp_is(pp, j, "("))
            return j > k;
        if (ac_pp_is(pp, j, ";") || ac_pp_is(pp, j, "{") ||
            ac_pp_is(pp, j, "}") || ac_pp_is(pp, j, "=") ||
            ac_pp_is(pp, j, ","))
            return false;
    }
    return false;
}

/* Splits the tokens between open and close (the parens of a generator
 * header) into its type arguments.  Returns false on an empty one. */
static bool ac_pp_split_args(const ac_pp *pp, size_t open, size_t close,
                             ac_kw *kw, int max)
{
    int depth = 0;
    size_t first = open + 1;
    for (size_t j = open + 1; j <= close; j++) {
        bool end = j == close || (depth == 0 && ac_pp_is(pp, j, ","));
        if (!end) {
            if (ac_pp_is(pp, j, "(") || ac_pp_is(pp, j, "["))
                depth++;
            else if (ac_pp_is(pp, j, ")") || ac_pp_is(pp, j, "]"))
                depth--;
            continue;
        }
        if (j == first)
            return false;
        if (kw->nargs < max)
            kw->args[kw->nargs] =
                (ac_span){pp->t[first].start, pp->t[j - 1].end};
        kw->nargs++;
        first = j + 1;
    }
    return true;
}

/* `generator(Y[, S[, R]])` at k, at the start of a declaration. */
static size_t ac_pp_generator(ac_pp *pp, size_t k, bool is_async)
{
    const ac_tok *g = &pp->t[k];
    const char *what = is_async ? "async generator" : "generator";
    pp->decl_start = false;
    size_t close = ac_pp_match_paren(pp, k + 1, true);
    if (close == AC_PP_NONE) {
        ac_pp_error(pp, g->start, "malformed '%s(...)' header: missing ')'",
                    what);
        return k + 1;
    }
    uint32_t end = pp->t[close].end;
    pp->pend = is_async ? AC_FN_AGEN : AC_FN_GEN; /* recover as one */
    int max = is_async ? 2 : 3;
    ac_kw kw = {.kind = AC_KW_GENERATOR, .start = g->start, .end = end};
    kw.args = ac_xcalloc((size_t)max, sizeof *kw.args);
    bool kept = false;
    if (memchr(pp->src->text + g->start, '\n', end - g->start)) {
        ac_pp_error(pp, g->start,
                    "malformed '%s(...)' header: it must be on one line", what);
    } else if (!ac_pp_split_args(pp, k + 1, close, &kw, max)) {
        ac_pp_error(pp, g->start, "malformed '%s(...)' header: missing type",
                    what);
    } else if (kw.nargs > max) {
        ac_pp_error(pp, g->start,
                    "malformed '%s(...)' header: at most %d types (%s)", what,
                    max, is_async ? "Y, S" : "Y, S, R");
    } else if (!ac_pp_is_kind(pp, close + 1, AC_TOK_IDENT)) {
        ac_pp_error(pp, g->start,
                    "malformed '%s(...)' header: expected the function name "
                    "after it",
                    what);
    } else {
        *ac_pp_add_kw(pp, AC_KW_GENERATOR, kw.start, kw.end) = kw;
        kept = true;
        char *repl = ac_xmalloc(end - g->start);
        memset(repl, '_', end - g->start);
        memcpy(repl, "ac_G", 4);
        ac_pp_mask(pp, g->start, end, repl);
        free(repl);
        pp->pend_r_void = kw.nargs < 3 || ac_pp_text_is(pp, kw.args[2], "void");
    }
    if (!kept)
        free(kw.args);
    return close + 1;
}

/* `async` at k, at the start of a declaration. */
static size_t ac_pp_file_async(ac_pp *pp, size_t k)
{
    const ac_tok *a = &pp->t[k];
    pp->decl_start = false;
    bool agen = ac_pp_is(pp, k + 1, "generator") && ac_pp_is(pp, k + 2, "(");
    if (!agen && !ac_pp_declares_function(pp, k + 1))
        return k + 1; /* `async` is an ordinary name here */
    ac_pp_add_kw(pp, AC_KW_ASYNC, a->start, a->end);
    ac_pp_mask(pp, a->start, a->end, "const");
    if (agen)
        return ac_pp_generator(pp, k + 1, true);
    pp->pend = AC_FN_CORO;
    return k + 1;
}

/* Records the declaration being read, up to end, as one the lowering
 * rewrites. */
static void ac_pp_add_fn(ac_pp *pp, uint32_t end)
{
    if (pp->nfns == pp->fns_cap) {
        pp->fns_cap = pp->fns_cap ? 2 * pp->fns_cap : 16;
        pp->fns = ac_xrealloc(pp->fns, pp->fns_cap * sizeof *pp->fns);
    }
    ac_span fn = {pp->decl_first, end};
    ac_span *last = pp->nfns ? &pp->fns[pp->nfns - 1] : NULL;
    if (last && fn.start < last->end) { /* a body closed in two #if groups */
        last->start = fn.start < last->start ? fn.start : last->start;
        last->end = fn.end > last->end ? fn.end : last->end;
        return;
    }
    pp->fns[pp->nfns++] = fn;
}

/* Whether `async` or `generator` at k, past the start of a declaration,
 * may still begin a resumable one: what precedes it is a name or a `)`,
 * as after an attribute macro (`static MAYBE_UNUSED async int f(void)`),
 * not a tag keyword, and no `=` or open parenthesis. */
static bool ac_pp_after_attribute(const ac_pp *pp, size_t k)
{
    static const char *const tags[] = {"struct", "union", "enum"};
    if (k == 0 || pp->decl_has_eq || pp->decl_parens != 0)
        return false;
    if (ac_pp_is_any(pp, k - 1, tags, AC_PP_COUNT(tags)))
        return false;
    return ac_pp_is_kind(pp, k - 1, AC_TOK_IDENT) || ac_pp_is(pp, k - 1, ")");
}

/* Whether `generator(...)` at k, past the start of a declaration, is a
 * header: a function name and its `(` follow the `)` (a function named
 * generator is followed by `;`, `{` or an attribute). */
static bool ac_pp_generator_header(const ac_pp *pp, size_t k)
{
    if (!ac_pp_after_attribute(pp, k))
        return false;
    size_t close = ac_pp_match_paren(pp, k + 1, true);
    if (close == AC_PP_NONE || !ac_pp_is_kind(pp, close + 1, AC_TOK_IDENT) ||
        !ac_pp_is(pp, close + 2, "("))
        return false;
    const ac_tok *name = &pp->t[close + 1];
    const char *s = pp->src->text + name->start;
    return !(name->end - name->start >= 2 && s[0] == '_' && s[1] == '_') &&
           !ac_tok_is(pp->src, name, "asm");
}

/* Whether token k starts a line after a `NAME(...)` line that began the
 * declaration: a macro that expands to a whole declaration
 * (`DEFINE_LIST(int)`, `_Pragma("...")`), so the declaration read starts
 * at k.  An attribute on its own line stays part of it. */
static bool ac_pp_after_macro_line(const ac_pp *pp, size_t k)
{
    static const char *const attrs[] = {"__attribute__", "__attribute",
                                        "__declspec", "_Alignas", "alignas"};
    if (k == 0 || pp->decl_parens != 0 || !ac_pp_is(pp, k - 1, ")"))
        return false;
    const char *s = pp->src->text;
    uint32_t prev_end = pp->t[k - 1].end;
    if (!memchr(s + prev_end, '\n', pp->t[k].start - prev_end))
        return false;
    for (size_t i = 0; i < AC_PP_COUNT(attrs); i++) {
        size_t n = strlen(attrs[i]);
        if (strncmp(s + pp->decl_first, attrs[i], n) == 0)
            return false;
    }
    return true;
}

static bool ac_pp_is_specifier(const ac_pp *pp, size_t k)
{
    static const char *const words[] = {"static",   "extern",     "inline",
                                        "__inline", "__inline__", "_Noreturn"};
    return ac_pp_is_any(pp, k, words, AC_PP_COUNT(words));
}

static size_t ac_pp_file_token(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    if (pp->depth > 0) /* inside a file-scope initializer or struct */
        return k + 1;
    if (!pp->decl_begun) {
        pp->decl_begun = true;
        pp->decl_first = t->start;
    } else if (ac_pp_after_macro_line(pp, k)) {
        pp->decl_first = t->start;
    }
    if (t->kind == AC_TOK_IDENT && pp->decl_start) {
        if (ac_pp_is_specifier(pp, k))
            return k + 1;
        if (ac_pp_is(pp, k, "async"))
            return ac_pp_file_async(pp, k);
        if (ac_pp_is(pp, k, "generator") && ac_pp_is(pp, k + 1, "("))
            return ac_pp_generator(pp, k, false);
    } else if (t->kind == AC_TOK_IDENT && pp->pend == AC_FN_NONE) {
        if (ac_pp_is(pp, k, "async") && ac_pp_after_attribute(pp, k))
            return ac_pp_file_async(pp, k);
        if (ac_pp_is(pp, k, "generator") && ac_pp_generator_header(pp, k))
            return ac_pp_generator(pp, k, false);
    }
    if (ac_pp_is(pp, k, ";")) {
        if (pp->pend != AC_FN_NONE) /* a resumable prototype */
            ac_pp_add_fn(pp, t->end);
        ac_pp_reset_decl(pp);
        return k + 1;
    }
    if (ac_pp_is(pp, k, "("))
        pp->decl_parens++;
    else if (ac_pp_is(pp, k, ")") && pp->decl_parens > 0) /* not a stray */
        pp->decl_parens--;
    if (ac_pp_is(pp, k, "="))
        pp->decl_has_eq = true;
    pp->decl_start = false;
    return k + 1;
}

/* ---- braces ------------------------------------------------------------- */

static size_t ac_pp_open(ac_pp *pp, size_t k)
{
    ac_block b = {AC_BLK_OTHER, 0};
    if (pp->fn == AC_FN_NONE && pp->depth == 0 && k > 0 &&
        ac_pp_is(pp, k - 1, ")") && !pp->decl_has_eq) {
        b.tag = AC_BLK_BODY;
        pp->fn = pp->pend != AC_FN_NONE ? pp->pend : AC_FN_PLAIN;
        pp->r_void = pp->pend_r_void;
        pp->body_kws = pp->nkws;
        if (!pp->decl_begun) {
            pp->decl_begun = true;
            pp->decl_first = pp->t[k].start;
        }
    } else if (pp->tag_at == k) {
        b.tag = pp->tag_next;
        b.kw = pp->tag_kw;
    }
    pp->decl_start = false;
    if (pp->depth == pp->blk_cap) {
        pp->blk_cap = pp->blk_cap ? 2 * pp->blk_cap : 32;
        pp->blocks = ac_xrealloc(pp->blocks, pp->blk_cap * sizeof *pp->blocks);
    }
    pp->blocks[pp->depth++] = b;
    return k + 1;
}

/* Whether the function body being read is one the lowering rewrites: a
 * resumable one, or a plain one holding a for-in loop. */
static bool ac_pp_lowered_body(const ac_pp *pp)
{
    if (pp->fn != AC_FN_PLAIN)
        return true;
    for (size_t i = pp->body_kws; i < pp->nkws; i++)
        if (pp->kws[i].kind == AC_KW_IN)
            return true;
    return false;
}

static size_t ac_pp_close(ac_pp *pp, size_t k)
{
    if (pp->depth == 0) /* a stray `}`: the parser reports it */
        return k + 1;
    ac_block b = pp->blocks[--pp->depth];
    if (b.tag == AC_BLK_BODY) {
        if (ac_pp_lowered_body(pp))
            ac_pp_add_fn(pp, pp->t[k].end);
        pp->fn = AC_FN_NONE;
        ac_pp_reset_decl(pp);
    }
    if (b.tag == AC_BLK_TRY && !ac_pp_is(pp, k + 1, "catch") &&
        !ac_pp_is(pp, k + 1, "finally"))
        ac_pp_error(pp, b.kw,
                    "expected 'catch' or 'finally' after 'try' block");
    pp->closed_at = k;
    pp->closed_tag = b.tag;
    return k + 1;
}

/* The next `{` (at k) gets tag. */
static void ac_pp_tag_next(ac_pp *pp, size_t k, ac_blk_tag tag, uint32_t kw)
{
    pp->tag_at = k;
    pp->tag_next = tag;
    pp->tag_kw = kw;
}

/* ---- keywords inside function bodies ------------------------------------ */

/* Whether the token at k ends an expression, making `yield` bare. */
static bool ac_pp_ends_expr(const ac_pp *pp, size_t k)
{
    static const char *const enders[] = {";", ")", ",", "]", "}", ":"};
    return k >= pp->n || ac_pp_is_any(pp, k, enders, AC_PP_COUNT(enders));
}

static size_t ac_pp_await(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    if (ac_pp_resumable(pp) ? !ac_pp_async_fn(pp)
                            : ac_pp_cannot_be_c(pp, k + 1)) {
        ac_pp_error(pp, t->start, "'await' outside an async function");
    } else if (ac_pp_resumable(pp) && ac_pp_ends_expr(pp, k + 1)) {
        ac_pp_error(pp, t->start, "expected an expression after 'await'");
    } else if (ac_pp_resumable(pp)) {
        ac_pp_add_kw(pp, AC_KW_AWAIT, t->start, t->end);
        ac_pp_mask(pp, t->start, t->end, "!!!!!");
    }
    return k + 1;
}

static size_t ac_pp_yield(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    bool from = ac_pp_is(pp, k + 1, "from");
    if (!ac_pp_resumable(pp)) {
        if (ac_pp_cannot_be_c(pp, k + 1))
            ac_pp_error(pp, t->start, "'yield' outside a generator");
        return k + 1;
    }
    if (pp->fn == AC_FN_CORO) {
        ac_pp_error(pp, t->start, "'yield' outside a generator");
        return k + 1;
    }
    if (from && pp->fn == AC_FN_AGEN) {
        ac_pp_error(pp, t->start, "'yield from' in an async generator");
        return k + 2;
    }
    if (from && ac_pp_ends_expr(pp, k + 2)) {
        ac_pp_error(pp, t->start, "expected an expression after 'yield from'");
        return k + 2;
    }
    if (from) {
        const ac_tok *f = &pp->t[k + 1];
        ac_pp_add_kw(pp, AC_KW_YIELD_FROM, t->start, f->end);
        ac_pp_mask(pp, t->start, t->end, "!!!!!");
        ac_pp_mask(pp, f->start, f->end, "!!!!");
        return k + 2;
    }
    bool bare = ac_pp_ends_expr(pp, k + 1);
    ac_kw *kw = ac_pp_add_kw(pp, AC_KW_YIELD, t->start, t->end);
    kw->flags = bare ? AC_KWF_BARE : 0;
    ac_pp_mask(pp, t->start, t->end, bare ? "_ACY_" : "!!!!!");
    return k + 1;
}

static size_t ac_pp_throw(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    if (!ac_pp_resumable(pp)) {
        if (ac_pp_cannot_be_c(pp, k + 1))
            ac_pp_error(pp, t->start, "'throw' outside a resumable function");
        return k + 1;
    }
    bool bare = ac_pp_is(pp, k + 1, ";");
    ac_kw *kw = ac_pp_add_kw(pp, AC_KW_THROW, t->start, t->end);
    kw->flags = bare ? AC_KWF_BARE : 0;
    ac_pp_mask(pp, t->start, t->end, bare ? "_ACT_" : "!!!!!");
    return k + 1;
}

static size_t ac_pp_try(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    bool brace = ac_pp_is(pp, k + 1, "{");
    if (!ac_pp_resumable(pp)) {
        if (brace)
            ac_pp_error(pp, t->start, "'try' outside a resumable function");
        return k + 1;
    }
    if (!brace) {
        ac_pp_error(pp, t->start, "expected '{' after 'try'");
        return k + 1;
    }
    ac_pp_add_kw(pp, AC_KW_TRY, t->start, t->end);
    ac_pp_mask(pp, t->start, t->end, NULL);
    ac_pp_tag_next(pp, k + 1, AC_BLK_TRY, t->start);
    return k + 1;
}

/* Whether `catch`/`finally` at k follows the block of a try or a catch. */
static bool ac_pp_follows_try(const ac_pp *pp, size_t k)
{
    return k > 0 && pp->closed_at == k - 1 &&
           (pp->closed_tag == AC_BLK_TRY || pp->closed_tag == AC_BLK_CATCH);
}

/* The header `(T1 | T2 name)` of the catch at k; returns the index of its
 * `)`, or AC_PP_NONE after reporting what is wrong. */
static size_t ac_pp_catch_header(ac_pp *pp, size_t k, ac_kw *kw)
{
    uint32_t at = pp->t[k].start;
    if (!ac_pp_is(pp, k + 1, "(")) {
        ac_pp_error(pp, at, "malformed 'catch' clause: expected '('");
        return AC_PP_NONE;
    }
    size_t j = k + 2;
    for (;;) {
        if (!ac_pp_is_kind(pp, j, AC_TOK_IDENT)) {
            ac_pp_error(pp, at,
                        "malformed 'catch' clause: expected an exception type");
            return AC_PP_NONE;
        }
        kw->args = ac_xrealloc(kw->args,
                               (size_t)(kw->nargs + 1) * sizeof *kw->args);
        kw->args[kw->nargs++] = (ac_span){pp->t[j].start, pp->t[j].end};
        j++;
        if (!ac_pp_is(pp, j, "|"))
            break;
        j++;
    }
    if (ac_pp_is_kind(pp, j, AC_TOK_IDENT)) {
        kw->name = (ac_span){pp->t[j].start, pp->t[j].end};
        j++;
    }
    if (!ac_pp_is(pp, j, ")")) {
        ac_pp_error(pp, at, "malformed 'catch' clause: expected ')'");
        return AC_PP_NONE;
    }
    if (!ac_pp_is(pp, j + 1, "{")) {
        ac_pp_error(pp, at, "expected '{' after 'catch (...)'");
        return AC_PP_NONE;
    }
    return j;
}

static size_t ac_pp_catch(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    if (!ac_pp_resumable(pp))
        return k + 1;
    if (!ac_pp_follows_try(pp, k)) {
        ac_pp_error(pp, t->start, "'catch' without a preceding 'try' block");
        return k + 1;
    }
    ac_kw kw = {.kind = AC_KW_CATCH, .start = t->start};
    size_t close = ac_pp_catch_header(pp, k, &kw);
    if (close == AC_PP_NONE) {
        free(kw.args);
        return k + 1;
    }
    kw.end = pp->t[close].end;
    *ac_pp_add_kw(pp, AC_KW_CATCH, kw.start, kw.end) = kw;
    ac_pp_mask(pp, kw.start, kw.end, NULL);
    ac_pp_tag_next(pp, close + 1, AC_BLK_CATCH, t->start);
    return close + 1;
}

static size_t ac_pp_finally(ac_pp *pp, size_t k)
{
    const ac_tok *t = &pp->t[k];
    if (!ac_pp_resumable(pp))
        return k + 1;
    if (!ac_pp_follows_try(pp, k)) {
        ac_pp_error(pp, t->start, "'finally' without a preceding 'try' block");
        return k + 1;
    }
    if (!ac_pp_is(pp, k + 1, "{")) {
        ac_pp_error(pp, t->start, "expected '{' after 'finally'");
        return k + 1;
    }
    ac_pp_add_kw(pp, AC_KW_FINALLY, t->start, t->end);
    ac_pp_mask(pp, t->start, t->end, NULL);
    ac_pp_tag_next(pp, k + 1, AC_BLK_FINALLY, t->start);
    return k + 1;
}

/* `async with (T v = E)`: blanks `T v =` and records decl and name. */
static void ac_pp_with_decl(ac_pp *pp, size_t open, size_t close, ac_kw *kw)
{
    int depth = 0;
    for (size_t j = open + 1; j < close; j++) {
        if (ac_pp_is(pp, j, "(") || ac_pp_is(pp, j, "["))
            depth++;
        else if (ac_pp_is(pp, j, ")") || ac_pp_is(pp, j, "]"))
            depth--;
        else if (depth == 0 && ac_pp_is(pp, j, "=")) {
            /* `(v = E)` is an expression; a declaration has a type too */
            if (j - open < 3 || !ac_pp_is_kind(pp, j - 1, AC_TOK_IDENT))
                return;
            kw->decl = (ac_span){pp->t[open + 1].start, pp->t[j - 1].end};
            kw->name = (ac_span){pp->t[j - 1].start, pp->t[j - 1].end};
            ac_pp_mask(pp, pp->t[open + 1].start, pp->t[j].end, NULL);
            return;
        }
    }
}

static size_t ac_pp_async_with(ac_pp *pp, size_t k)
{
    const ac_tok *a = &pp->t[k], *w = &pp->t[k + 1];
    if (!ac_pp_async_fn(pp)) {
        ac_pp_error(pp, a->start, "'async with' outside an async function");
        return k + 2;
    }
    size_t close = ac_pp_is(pp, k + 2, "(") ? ac_pp_match_paren(pp, k + 2, true)
                                            : AC_PP_NONE;
    if (close == AC_PP_NONE) {
        ac_pp_error(pp, a->start, "expected '(...)' after 'async with'");
        return k + 2;
    }
    ac_kw *kw = ac_pp_add_kw(pp, AC_KW_ASYNC_WITH, a->start, w->end);
    /* `if` goes where `async` was, so that the if_statement starts at the
     * keyword's start, as a consumer looks for it */
    ac_pp_mask(pp, a->start, a->end, "if   ");
    ac_pp_mask(pp, w->start, w->end, NULL);
    ac_kw tmp = *kw;
    ac_pp_with_decl(pp, k + 2, close, &tmp);
    pp->kws[pp->nkws - 1] = tmp;
    return k + 2;
}

static size_t ac_pp_async(ac_pp *pp, size_t k)
{
    const ac_tok *a = &pp->t[k];
    if (ac_pp_is(pp, k + 1, "with"))
        return ac_pp_async_with(pp, k);
    if (!ac_pp_is(pp, k + 1, "for"))
        return k + 1;
    if (!ac_pp_async_fn(pp)) {
        ac_pp_error(pp, a->start, "'async for' outside an async function");
        return k + 2;
    }
    ac_pp_add_kw(pp, AC_KW_ASYNC_FOR, a->start, a->end);
    ac_pp_mask(pp, a->start, a->end, NULL);
    pp->async_for_at = k + 1;
    return k + 1;
}

/* The index of the `in` of `for ( [T] v in E )` whose `(` is at open, or
 * AC_PP_NONE when the loop is plain C. */
static size_t ac_pp_find_in(const ac_pp *pp, size_t open)
{
    /* the shape first (cheap): identifiers and `*`, then `in` after an
     * identifier; then no `;` before the closing `)` */
    size_t in = open + 1;
    while (in < pp->n && !ac_pp_is(pp, in, "in") &&
           (ac_pp_is_kind(pp, in, AC_TOK_IDENT) || ac_pp_is(pp, in, "*")))
        in++;
    if (!ac_pp_is(pp, in, "in") || in == open + 1 ||
        !ac_pp_is_kind(pp, in - 1, AC_TOK_IDENT))
        return AC_PP_NONE;
    size_t close = ac_pp_match_paren(pp, open, true);
    return close != AC_PP_NONE && close > in + 1 ? in : AC_PP_NONE;
}

static size_t ac_pp_for(ac_pp *pp, size_t k)
{
    size_t in =
        ac_pp_is(pp, k + 1, "(") ? ac_pp_find_in(pp, k + 1) : AC_PP_NONE;
    if (in != AC_PP_NONE) {
        const ac_tok *t = &pp->t[in];
        ac_pp_add_kw(pp, AC_KW_IN, t->start, t->end);
        ac_pp_mask(pp, t->start, t->end, ";;");
    } else if (pp->async_for_at == k) {
        ac_pp_error(pp, pp->t[k - 1].start,
                    "expected 'for (T v in E)' after 'async'");
    }
    return k + 1;
}

static size_t ac_pp_return(ac_pp *pp, size_t k)
{
    if (ac_pp_is(pp, k + 1, ";"))
        return k + 1;
    uint32_t at = pp->t[k].start;
    if (pp->fn == AC_FN_AGEN)
        ac_pp_error(pp, at, "'return' with a value in an async generator");
    else if (pp->fn == AC_FN_GEN && pp->r_void)
        ac_pp_error(pp, at,
                    "'return' with a value in a generator whose return type "
                    "is void");
    return k + 1;
}

static size_t ac_pp_body_token(ac_pp *pp, size_t k)
{
    static const struct {
        const char *word;
        size_t (*fn)(ac_pp *pp, size_t k);
    } keywords[] = {
        {"await", ac_pp_await},   {"yield", ac_pp_yield},
        {"throw", ac_pp_throw},   {"try", ac_pp_try},
        {"catch", ac_pp_catch},   {"finally", ac_pp_finally},
        {"async", ac_pp_async},   {"for", ac_pp_for},
        {"return", ac_pp_return},
    };
    /* a member, tag or label name is never a keyword */
    static const char *const namers[] = {".",     "->",   "struct",
                                         "union", "enum", "goto"};
    if (pp->t[k].kind != AC_TOK_IDENT)
        return k + 1;
    if (k > 0 && ac_pp_is_any(pp, k - 1, namers, AC_PP_COUNT(namers)))
        return k + 1;
    for (size_t i = 0; i < AC_PP_COUNT(keywords); i++)
        if (ac_pp_is(pp, k, keywords[i].word))
            return keywords[i].fn(pp, k);
    return k + 1;
}

/* ---- preprocessor conditionals ------------------------------------------ */

static ac_block *ac_pp_copy_blocks(const ac_pp *pp)
{
    ac_block *b = ac_xmalloc((pp->depth ? pp->depth : 1) * sizeof *b);
    if (pp->depth)
        memcpy(b, pp->blocks, pp->depth * sizeof *b);
    return b;
}

/* Goes back to the state saved, keeping what was found since. */
static void ac_pp_restore(ac_pp *pp, const ac_pp *saved,
                          const ac_block *blocks)
{
    ac_pp keep = *pp;
    *pp = *saved;
    pp->errors = keep.errors;
    pp->kws = keep.kws;
    pp->nkws = keep.nkws;
    pp->kw_cap = keep.kw_cap;
    pp->fns = keep.fns;
    pp->nfns = keep.nfns;
    pp->fns_cap = keep.fns_cap;
    pp->next_dir = keep.next_dir;
    pp->conds = keep.conds;
    pp->nconds = keep.nconds;
    pp->cond_cap = keep.cond_cap;
    pp->blocks = keep.blocks;
    pp->blk_cap = keep.blk_cap;
    if (pp->depth > pp->blk_cap) {
        pp->blk_cap = pp->depth;
        pp->blocks = ac_xrealloc(pp->blocks, pp->blk_cap * sizeof *pp->blocks);
    }
    if (pp->depth)
        memcpy(pp->blocks, blocks, pp->depth * sizeof *pp->blocks);
}

static bool ac_pp_word_is(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(s, word, len) == 0;
}

static void ac_pp_directive(ac_pp *pp, ac_span dir)
{
    const char *s = pp->src->text;
    uint32_t i = dir.start + 1, j;
    while (i < dir.end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (j = i; j < dir.end && s[j] >= 'a' && s[j] <= 'z';)
        j++;
    const char *w = s + i;
    size_t len = j - i;
    if (ac_pp_word_is(w, len, "if") || ac_pp_word_is(w, len, "ifdef") ||
        ac_pp_word_is(w, len, "ifndef")) {
        if (pp->nconds == pp->cond_cap) {
            pp->cond_cap = pp->cond_cap ? 2 * pp->cond_cap : 8;
            pp->conds =
                ac_xrealloc(pp->conds, pp->cond_cap * sizeof *pp->conds);
        }
        ac_pp_cond *c = &pp->conds[pp->nconds++];
        memset(c, 0, sizeof *c);
        c->at_if = *pp;
        c->if_blocks = ac_pp_copy_blocks(pp);
    } else if (pp->nconds == 0) {
        return; /* an #else or #endif without its #if */
    } else if (ac_pp_word_is(w, len, "else") || ac_pp_word_is(w, len, "elif") ||
               ac_pp_word_is(w, len, "elifdef") ||
               ac_pp_word_is(w, len, "elifndef")) {
        ac_pp_cond *c = &pp->conds[pp->nconds - 1];
        if (!c->has_first) {
            c->has_first = true;
            c->after_first = *pp;
            c->first_blocks = ac_pp_copy_blocks(pp);
        }
        ac_pp_cond at = *c;
        ac_pp_restore(pp, &at.at_if, at.if_blocks);
    } else if (ac_pp_word_is(w, len, "endif")) {
        ac_pp_cond c = pp->conds[pp->nconds - 1];
        if (c.has_first)
            ac_pp_restore(pp, &c.after_first, c.first_blocks);
        pp->nconds--;
        free(c.if_blocks);
        free(c.first_blocks);
    }
}

/* Reads the preprocessor lines before offset at. */
static void ac_pp_directives_before(ac_pp *pp, uint32_t at)
{
    while (pp->next_dir < pp->ndirs && pp->dirs[pp->next_dir].start < at)
        ac_pp_directive(pp, pp->dirs[pp->next_dir++]);
}

/* ---- entry points ------------------------------------------------------- */

/* `unsigned : 3;` (an unnamed bit-field: padding) is C that tree-sitter-c
 * cannot read: the member is blanked in the masked text.  It names
 * nothing, and whoever copies the struct copies the original bytes. */
static void ac_pp_unnamed_bitfields(ac_pp *pp)
{
    static const char *const types[] = {"int",   "unsigned", "signed", "char",
                                        "short", "long",     "_Bool",  "bool"};
    for (size_t k = 1; k < pp->n; k++) {
        if (!ac_pp_is(pp, k, ":"))
            continue;
        bool typed = false;
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            typed |= ac_pp_is(pp, k - 1, types[i]);
        if (!typed)
            continue;
        size_t first = k - 1, last = k + 1;
        while (first > 0 && !ac_pp_is(pp, first - 1, ";") &&
               !ac_pp_is(pp, first - 1, "{"))
            first--;
        while (last < pp->n && !ac_pp_is(pp, last, ";") &&
               !ac_pp_is(pp, last, "}"))
            last++;
        if (last < pp->n && ac_pp_is(pp, last, ";"))
            ac_pp_mask(pp, pp->t[first].start, pp->t[last].end, NULL);
    }
}

int ac_prepass_run(const ac_source *src, ac_prepass *out, ac_diag *d)
{
    memset(out, 0, sizeof *out);
    ac_tokens tk;
    int lex_errors = ac_lex(src, &tk, d);
    ac_pp pp = {0};
    pp.src = src;
    pp.d = d;
    pp.t = tk.toks;
    pp.n = tk.ntoks;
    pp.masked = ac_xstrndup(src->text, src->len);
    pp.tag_at = pp.closed_at = pp.async_for_at = AC_PP_NONE;
    ac_pp_reset_decl(&pp);
    for (size_t i = 0; i < tk.nblanks; i++)
        ac_pp_mask(&pp, tk.blanks[i].start, tk.blanks[i].end, NULL);
    for (size_t i = 0; i < tk.ncrlf_splices; i++)
        memcpy(pp.masked + tk.crlf_splices[i], " \\", 2);
    for (size_t i = 0; i < tk.nline_comments; i++)
        memcpy(pp.masked + tk.line_comments[i], "//", 2);
    pp.dirs = tk.directives;
    pp.ndirs = tk.ndirectives;
    ac_pp_unnamed_bitfields(&pp);
    for (size_t k = 0; k < pp.n;) {
        ac_pp_directives_before(&pp, pp.t[k].start);
        if (ac_pp_is(&pp, k, "{"))
            k = ac_pp_open(&pp, k);
        else if (ac_pp_is(&pp, k, "}"))
            k = ac_pp_close(&pp, k);
        else if (pp.fn == AC_FN_NONE)
            k = ac_pp_file_token(&pp, k);
        else
            k = ac_pp_body_token(&pp, k);
    }
    if (pp.fn != AC_FN_NONE && ac_pp_lowered_body(&pp)) /* never closed */
        ac_pp_add_fn(&pp, (uint32_t)src->len);
    for (size_t i = 0; i < pp.nconds; i++) {
        free(pp.conds[i].if_blocks);
        free(pp.conds[i].first_blocks);
    }
    free(pp.conds);
    free(pp.blocks);
    out->fns = pp.fns;
    out->nfns = pp.nfns;
    out->directives = tk.directives;
    out->ndirectives = tk.ndirectives;
    tk.directives = NULL;
    out->masked = pp.masked;
    out->kws = pp.kws;
    out->nkws = pp.nkws;
    out->ah_includes = tk.ah_includes;
    out->nah_includes = tk.nah_includes;
    tk.ah_includes = NULL;
    ac_tokens_free(&tk);
    return lex_errors + pp.errors > 0 ? -1 : 0;
}

void ac_prepass_free(ac_prepass *p)
{
    free(p->masked);
    for (size_t i = 0; i < p->nkws; i++)
        free(p->kws[i].args);
    free(p->kws);
    free(p->ah_includes);
    free(p->fns);
    free(p->directives);
    memset(p, 0, sizeof *p);
}

const ac_kw *ac_prepass_kw_at(const ac_prepass *p, uint32_t start)
{
    size_t lo = 0, hi = p->nkws;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->kws[mid].start == start)
            return &p->kws[mid];
        if (p->kws[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
