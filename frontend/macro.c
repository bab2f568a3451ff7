/* macro.c - expands the file's own macros in resumable bodies.
 *
 * The file is read as preprocessing tokens, in order: directives update a
 * table of macros (#define, #undef, conditional groups, `#include "x.ah"`)
 * and, inside the body of a resumable function, each invocation of a
 * macro the table knows is replaced by its expansion.  Expansion follows
 * Prosser's algorithm, as C11 6.10.3 and GCC do: every token carries a
 * hide set, the macros whose expansion produced it, and a name in its own
 * hide set is not expanded again.
 *
 * Conditions: a group whose condition depends only on what the file
 * defines (`#if 0`, `#ifdef X` with X defined or #undef'd here, an include
 * guard) is decided; any other is undecidable, and a macro defined or
 * undefined there becomes unknown: never expanded, so the C compiler sees
 * it as the programmer wrote it. */
#include "frontend/macro.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/buf.h"

/* One invocation may not nest expansions deeper than this, nor grow past
 * this many tokens (`#define A B B`, `#define B C C`, ... doubles). */
#define AC_MC_MAX_DEPTH 256
#define AC_MC_MAX_TOKENS 200000
#define AC_MC_MAX_INCLUDES 64 /* nested `#include "x.ah"` */

typedef enum mc_kind {
    MT_IDENT,
    MT_NUMBER,
    MT_STRING,
    MT_PUNCT,
    MT_OTHER
} mc_kind;

typedef struct mc_macro mc_macro;

/* A hide set: the macros whose expansion a token came from. */
typedef struct mc_hs {
    const mc_macro *m;
    const struct mc_hs *next;
    size_t n;
} mc_hs;

typedef struct mc_tok {
    const char *s; /* spelling, line continuations removed */
    uint32_t len;
    uint32_t at, end; /* in the file, for a token read from it */
    unsigned char kind;
    bool space; /* white space before it */
    bool bol;   /* first on its logical line */
    const mc_hs *hs;
} mc_tok;

typedef struct mc_toks {
    mc_tok *v;
    size_t n, cap;
} mc_toks;

typedef enum mc_status { MS_DEFINED, MS_UNDEF, MS_UNKNOWN } mc_status;

struct mc_macro {
    const char *name;
    uint32_t len;
    mc_status status;
    bool fn_like, variadic;
    mc_tok *params; /* the variadic one last, named __VA_ARGS__ or as GNU */
    size_t nparams;
    mc_tok *body;
    size_t nbody;
};

/* Whether the lines being read are compiled: a decided group, one that
 * is skipped, or one the translator cannot decide. */
typedef enum mc_state { GS_TRUE, GS_FALSE, GS_UNKNOWN } mc_state;

typedef struct mc_group {
    mc_state state, parent;
    bool taken;          /* a branch was decided true */
    bool unknown_seen;   /* an earlier branch was undecidable */
    const mc_tok *guard; /* `#ifndef X` with X never seen: is X defined next? */
} mc_group;

typedef struct mc_span {
    size_t first, last; /* token indices of a body's `{` and `}` */
} mc_span;

typedef struct mc_repl {
    uint32_t start, end; /* the invocation in the file */
    char *text;
    size_t len;
} mc_repl;

typedef struct mc {
    ac_source *src;
    const ac_macro_opts *opts;
    ac_diag *d;
    int errors;
    /* all tokens, hide sets, macros and spellings, freed at the end */
    char **blocks;
    size_t nblocks;
    char *cur;
    size_t left;
    mc_macro **tab; /* open addressing by name */
    size_t tab_cap, tab_n;
    char **seen; /* real paths of the .ah files read */
    size_t nseen;
    ac_source **incs;
    size_t nincs;
    int include_depth;
    mc_repl *repls;
    size_t nrepls;
    /* the invocation being expanded */
    const mc_tok *inv;
    bool failed, quiet; /* quiet: in an #if, where errors are cc's */
    size_t produced;
} mc;

/* ---- memory ------------------------------------------------------------- */

static void *mc_alloc(mc *m, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n > m->left) {
        size_t cap = n > 65536 ? n : 65536;
        m->blocks =
            ac_xrealloc(m->blocks, (m->nblocks + 1) * sizeof *m->blocks);
        m->cur = m->blocks[m->nblocks++] = ac_xmalloc(cap);
        m->left = cap;
    }
    void *p = m->cur;
    m->cur += n;
    m->left -= n;
    return p;
}

static char *mc_strdup(mc *m, const char *s, size_t n)
{
    char *p = mc_alloc(m, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void mc_push(mc_toks *t, const mc_tok *tok)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = ac_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    t->v[t->n++] = *tok;
}

static bool mc_is(const mc_tok *t, const char *word)
{
    size_t n = strlen(word);
    return t->len == n && memcmp(t->s, word, n) == 0;
}

static bool mc_same(const mc_tok *a, const mc_tok *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* ---- scanning ----------------------------------------------------------- */

typedef struct mc_scan {
    const char *s;
    size_t len, i;
} mc_scan;

/* i past any line continuations (backslash, [CR,] LF) at i. */
static size_t mc_splice(const mc_scan *sc, size_t i)
{
    while (i < sc->len && sc->s[i] == '\\') {
        if (i + 1 < sc->len && sc->s[i + 1] == '\n')
            i += 2;
        else if (i + 2 < sc->len && sc->s[i + 1] == '\r' &&
                 sc->s[i + 2] == '\n')
            i += 3;
        else
            break;
    }
    return i;
}

/* The character at *i (moved past continuations), or -1 at the end. */
static int mc_ch(const mc_scan *sc, size_t *i)
{
    *i = mc_splice(sc, *i);
    return *i < sc->len ? (unsigned char)sc->s[*i] : -1;
}

static bool mc_ident_char(int c)
{
    return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static bool mc_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Skips white space and comments; notes a newline outside comments. */
static bool mc_skip_space(mc_scan *sc, bool *newline)
{
    bool any = false;
    for (;;) {
        size_t i = sc->i;
        int c = mc_ch(sc, &i);
        if (c == '\n') {
            *newline = true;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
                   c == '\v') {
        } else if (c == '/') {
            size_t j = i + 1;
            int c2 = mc_ch(sc, &j);
            if (c2 == '*') {
                j++;
                for (;;) {
                    int c3 = mc_ch(sc, &j);
                    if (c3 < 0)
                        break;
                    j++;
                    size_t k = j;
                    if (c3 == '*' && mc_ch(sc, &k) == '/') {
                        j = k + 1;
                        break;
                    }
                }
                sc->i = j;
                any = true;
                continue;
            }
            if (c2 == '/') {
                while (mc_ch(sc, &j) >= 0 && sc->s[j] != '\n')
                    j++;
                sc->i = j;
                any = true;
                continue;
            }
            sc->i = i;
            return any;
        } else {
            sc->i = i;
            return any;
        }
        sc->i = i + 1;
        any = true;
    }
}

static const char *const mc_puncts[] = {
    "%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=",
    ">=",   "==",  "!=",  "&&",  "||", "*=", "/=", "%=", "+=", "-=",
    "&=",   "^=",  "|=",  "##",  "<:", ":>", "<%", "%>", "%:",
};

/* The length in raw bytes of the punctuator at sc->i (at least 1). */
static size_t mc_punct_end(const mc_scan *sc)
{
    for (size_t p = 0; p < sizeof mc_puncts / sizeof *mc_puncts; p++) {
        const char *w = mc_puncts[p];
        size_t j = sc->i, k = 0;
        while (w[k] && mc_ch(sc, &j) == (unsigned char)w[k]) {
            j++;
            k++;
        }
        if (w[k] == '\0')
            return j;
    }
    return sc->i + 1;
}

static size_t mc_quoted_end(const mc_scan *sc, size_t j, int quote)
{
    j++;
    for (;;) {
        int c = mc_ch(sc, &j);
        if (c < 0 || c == '\n')
            return j;
        j++;
        if (c == quote)
            return j;
        if (c == '\\' && mc_ch(sc, &j) >= 0 && sc->s[j] != '\n')
            j++;
    }
}

/* Scans one token at sc->i (after white space); returns its kind and sets
 * *end. */
static mc_kind mc_scan_token(const mc_scan *sc, size_t *end)
{
    size_t j = sc->i;
    int c = mc_ch(sc, &j);
    size_t k = j + 1;
    int next = mc_ch(sc, &k);
    if (mc_digit(c) || (c == '.' && mc_digit(next))) {
        j++;
        for (;;) {
            int d = mc_ch(sc, &j);
            size_t e = j + 1;
            if ((d == 'e' || d == 'E' || d == 'p' || d == 'P') &&
                (mc_ch(sc, &e) == '+' || sc->s[e] == '-'))
                j = e + 1;
            else if (mc_ident_char(d) || d == '.')
                j++;
            else
                break;
        }
        *end = j;
        return MT_NUMBER;
    }
    if (c == '"' || c == '\'') {
        *end = mc_quoted_end(sc, j, c);
        return MT_STRING;
    }
    if (mc_ident_char(c)) {
        size_t start = j;
        while (mc_ident_char(mc_ch(sc, &j)))
            j++;
        int q = mc_ch(sc, &j);
        size_t n = j - start;
        const char *p = sc->s + start;
        bool prefix = (n == 1 && (*p == 'L' || *p == 'u' || *p == 'U')) ||
                      (n == 2 && p[0] == 'u' && p[1] == '8');
        if ((q == '"' || q == '\'') && prefix) {
            *end = mc_quoted_end(sc, j, q);
            return MT_STRING;
        }
        *end = j;
        return MT_IDENT;
    }
    if (c < 0x80 && strchr("[](){}.-+&*~!/%<>=^|?:;,#", c)) {
        *end = mc_punct_end(sc);
        return MT_PUNCT;
    }
    *end = j + 1;
    return MT_OTHER;
}

/* The spelling of s[start, end) without line continuations. */
static const char *mc_spell(mc *m, const mc_scan *sc, size_t start, size_t end,
                            uint32_t *len)
{
    const char *p = sc->s + start;
    bool spliced = false;
    for (size_t i = start; i < end && !spliced; i++)
        spliced = sc->s[i] == '\\' && mc_splice(sc, i) != i;
    if (!spliced) {
        *len = (uint32_t)(end - start);
        return p;
    }
    char *out = mc_alloc(m, end - start + 1);
    size_t n = 0;
    for (size_t i = start; i < end;) {
        size_t j = mc_splice(sc, i);
        if (j != i) {
            i = j;
            continue;
        }
        out[n++] = sc->s[i++];
    }
    *len = (uint32_t)n;
    return out;
}

/* Every token of text, with its position and line starts. */
static void mc_lex(mc *m, const char *text, size_t len, mc_toks *out)
{
    mc_scan sc = {text, len, 0};
    bool newline = true;
    for (;;) {
        bool space = mc_skip_space(&sc, &newline);
        if (sc.i >= len)
            break;
        size_t end;
        mc_tok t = {0};
        t.kind = (unsigned char)mc_scan_token(&sc, &end);
        t.at = (uint32_t)sc.i;
        t.end = (uint32_t)end;
        t.s = mc_spell(m, &sc, sc.i, end, &t.len);
        t.space = space || newline;
        t.bol = newline;
        newline = false;
        mc_push(out, &t);
        sc.i = end;
    }
}

/* ---- the table ---------------------------------------------------------- */

static uint32_t mc_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static mc_macro **mc_slot(mc *m, const char *name, size_t len)
{
    size_t i = mc_hash(name, len) & (m->tab_cap - 1);
    while (m->tab[i] &&
           !(m->tab[i]->len == len && memcmp(m->tab[i]->name, name, len) == 0))
        i = (i + 1) & (m->tab_cap - 1);
    return &m->tab[i];
}

static mc_macro *mc_find(mc *m, const mc_tok *t)
{
    return m->tab_cap ? *mc_slot(m, t->s, t->len) : NULL;
}

/* The entry for t's name, made when new. */
static mc_macro *mc_entry(mc *m, const mc_tok *t)
{
    if (2 * (m->tab_n + 1) > m->tab_cap) {
        size_t old_cap = m->tab_cap;
        mc_macro **old = m->tab;
        m->tab_cap = old_cap ? 2 * old_cap : 64;
        m->tab = ac_xcalloc(m->tab_cap, sizeof *m->tab);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                *mc_slot(m, old[i]->name, old[i]->len) = old[i];
        free(old);
    }
    mc_macro **slot = mc_slot(m, t->s, t->len);
    if (*slot == NULL) {
        *slot = mc_alloc(m, sizeof **slot);
        memset(*slot, 0, sizeof **slot);
        (*slot)->name = t->s;
        (*slot)->len = t->len;
        (*slot)->status = MS_UNKNOWN;
        m->tab_n++;
    }
    return *slot;
}

static const mc_macro *mc_defined(mc *m, const mc_tok *t)
{
    const mc_macro *mac = t->kind == MT_IDENT ? mc_find(m, t) : NULL;
    return mac && mac->status == MS_DEFINED ? mac : NULL;
}

/* ---- hide sets ---------------------------------------------------------- */

static bool mc_hs_has(const mc_hs *hs, const mc_macro *mac)
{
    for (; hs; hs = hs->next)
        if (hs->m == mac)
            return true;
    return false;
}

static const mc_hs *mc_hs_add(mc *m, const mc_hs *hs, const mc_macro *mac)
{
    if (mc_hs_has(hs, mac))
        return hs;
    mc_hs *h = mc_alloc(m, sizeof *h);
    h->m = mac;
    h->next = hs;
    h->n = hs ? hs->n + 1 : 1;
    return h;
}

static const mc_hs *mc_hs_union(mc *m, const mc_hs *a, const mc_hs *b)
{
    for (; b; b = b->next)
        a = mc_hs_add(m, a, b->m);
    return a;
}

static const mc_hs *mc_hs_inter(mc *m, const mc_hs *a, const mc_hs *b)
{
    const mc_hs *out = NULL;
    for (; a; a = a->next)
        if (mc_hs_has(b, a->m))
            out = mc_hs_add(m, out, a->m);
    return out;
}

/* ---- errors ------------------------------------------------------------- */

static void mc_error(mc *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports an error at the invocation being expanded (once per one). */
static void mc_error(mc *m, const char *fmt, ...)
{
    if (m->failed || m->quiet) {
        m->failed = true;
        return;
    }
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ac_diag_error(m->d, m->src, m->inv->at, "%s", msg);
    m->errors++;
    m->failed = true;
}

/* ---- expansion ---------------------------------------------------------- */

/* Where an expansion reads its tokens: pending ones (a stack, the next
 * last), then the file's from fi up to flimit. */
typedef struct mc_in {
    mc_toks pend;
    const mc_toks *file;
    size_t fi, flimit;
} mc_in;

static const mc_tok *mc_peek(const mc_in *in)
{
    if (in->pend.n)
        return &in->pend.v[in->pend.n - 1];
    if (in->file && in->fi < in->flimit) {
        const mc_tok *t = &in->file->v[in->fi];
        /* a directive ends what an invocation may read */
        return t->bol && mc_is(t, "#") ? NULL : t;
    }
    return NULL;
}

static bool mc_get(mc_in *in, mc_tok *t)
{
    const mc_tok *p = mc_peek(in);
    if (p == NULL)
        return false;
    *t = *p;
    if (in->pend.n)
        in->pend.n--;
    else
        in->fi++;
    return true;
}

static void mc_expand(mc *m, mc_in *in, mc_toks *out);

/* The tokens of list, fully expanded on their own (an argument). */
static void mc_expand_list(mc *m, const mc_toks *list, mc_toks *out)
{
    mc_in in = {{0}, NULL, 0, 0};
    for (size_t i = list->n; i-- > 0;)
        mc_push(&in.pend, &list->v[i]);
    mc_expand(m, &in, out);
    free(in.pend.v);
}

static mc_tok mc_string_tok(mc *m, ac_buf *b, bool space)
{
    mc_tok t = {0};
    t.s = mc_strdup(m, b->data ? b->data : "", b->len);
    t.len = (uint32_t)b->len;
    t.kind = MT_STRING;
    t.space = space;
    ac_buf_free(b);
    return t;
}

/* `#param`: the argument's spelling as a string literal. */
static mc_tok mc_stringize(mc *m, const mc_toks *arg, bool space)
{
    ac_buf b;
    ac_buf_init(&b);
    ac_buf_putc(&b, '"');
    for (size_t i = 0; i < arg->n; i++) {
        const mc_tok *t = &arg->v[i];
        if (i > 0 && t->space)
            ac_buf_putc(&b, ' ');
        for (uint32_t k = 0; k < t->len; k++) {
            char c = t->s[k];
            if (t->kind == MT_STRING && (c == '"' || c == '\\'))
                ac_buf_putc(&b, '\\');
            ac_buf_putc(&b, c);
        }
    }
    ac_buf_putc(&b, '"');
    return mc_string_tok(m, &b, space);
}

/* `a ## b`: one token spelled as both, or an error. */
static bool mc_paste(mc *m, mc_tok *a, const mc_tok *b)
{
    size_t n = a->len + b->len;
    char *s = mc_alloc(m, n + 1);
    memcpy(s, a->s, a->len);
    memcpy(s + a->len, b->s, b->len);
    s[n] = '\0';
    mc_scan sc = {s, n, 0};
    size_t end;
    mc_kind kind = mc_scan_token(&sc, &end);
    if (end != n || memchr(s, '\n', n) ||
        (n > 0 && (s[0] == '/' && (s[1] == '/' || s[1] == '*')))) {
        mc_error(m,
                 "pasting \"%.*s\" and \"%.*s\" does not give a valid "
                 "preprocessing token",
                 (int)a->len, a->s, (int)b->len, b->s);
        return false;
    }
    a->s = s;
    a->len = (uint32_t)n;
    a->kind = (unsigned char)kind;
    return true;
}

/* The index of the parameter t names, or -1. */
static int mc_param(const mc_macro *mac, const mc_tok *t)
{
    if (!mac->fn_like || t->kind != MT_IDENT)
        return -1;
    for (size_t i = 0; i < mac->nparams; i++)
        if (mc_same(&mac->params[i], t))
            return (int)i;
    return -1;
}

static void mc_append(mc_toks *out, const mc_toks *list, bool first_space)
{
    for (size_t i = 0; i < list->n; i++) {
        mc_tok t = list->v[i];
        if (i == 0)
            t.space = first_space;
        mc_push(out, &t);
    }
}

/* Appends b to out, pasted onto out's last token. */
static void mc_paste_onto(mc *m, mc_toks *out, const mc_tok *b)
{
    if (out->n == 0)
        mc_push(out, b);
    else
        mc_paste(m, &out->v[out->n - 1], b);
}

/* The replacement list of mac with args substituted (C11 6.10.3.1-3). */
static void mc_subst(mc *m, const mc_macro *mac, mc_toks *args, mc_toks *out)
{
    mc_toks *expanded = ac_xcalloc(mac->nparams + 1, sizeof *expanded);
    bool *done = ac_xcalloc(mac->nparams + 1, sizeof *done);
    for (size_t i = 0; i < mac->nbody && !m->failed; i++) {
        const mc_tok *t = &mac->body[i];
        const mc_tok *nx = i + 1 < mac->nbody ? &mac->body[i + 1] : NULL;
        int p = mc_param(mac, t);
        if (mac->fn_like && mc_is(t, "#") && nx && mc_param(mac, nx) >= 0) {
            mc_tok s = mc_stringize(m, &args[mc_param(mac, nx)], t->space);
            mc_push(out, &s);
            i++;
        } else if (mc_is(t, "##") && nx) {
            int q = mc_param(mac, nx);
            i++;
            if (q < 0) {
                mc_paste_onto(m, out, nx);
                continue;
            }
            /* GNU: `, ## __VA_ARGS__` drops the comma when empty */
            bool va = mac->variadic && (size_t)q == mac->nparams - 1;
            if (va && out->n && mc_is(&out->v[out->n - 1], ",")) {
                if (args[q].n == 0)
                    out->n--;
                else
                    mc_append(out, &args[q], nx->space);
                continue;
            }
            for (size_t k = 0; k < args[q].n && !m->failed; k++) {
                if (k == 0)
                    mc_paste_onto(m, out, &args[q].v[0]);
                else
                    mc_push(out, &args[q].v[k]);
            }
        } else if (p >= 0 && nx && mc_is(nx, "##")) {
            if (args[p].n > 0) {
                mc_append(out, &args[p], t->space);
                continue;
            }
            /* an empty left operand: the right one stands alone */
            const mc_tok *rhs = i + 2 < mac->nbody ? &mac->body[i + 2] : NULL;
            int q = rhs ? mc_param(mac, rhs) : -1;
            if (q >= 0)
                mc_append(out, &args[q], t->space);
            else if (rhs)
                mc_push(out, rhs);
            i += 2;
        } else if (p >= 0) {
            if (!done[p]) {
                mc_expand_list(m, &args[p], &expanded[p]);
                done[p] = true;
            }
            mc_append(out, &expanded[p], t->space);
        } else {
            mc_push(out, t);
        }
    }
    for (size_t i = 0; i <= mac->nparams; i++)
        free(expanded[i].v);
    free(expanded);
    free(done);
}

/* Reads the arguments of mac after its `(` (the next token) into args[];
 * the `)` into *rparen.  False after an error. */
static bool mc_args(mc *m, mc_in *in, const mc_macro *mac, mc_toks *args,
                    mc_tok *rparen)
{
    mc_tok t;
    mc_get(in, &t); /* ( */
    size_t n = 0;
    int depth = 0;
    bool nonempty = false; /* for a macro of no parameters */
    for (;;) {
        if (!mc_get(in, &t)) {
            mc_error(m, "unterminated argument list invoking macro '%.*s'",
                     (int)mac->len, mac->name);
            return false;
        }
        if (mc_is(&t, "(")) {
            depth++;
        } else if (mc_is(&t, ")")) {
            if (depth-- == 0)
                break;
        } else if (mc_is(&t, ",") && depth == 0 &&
                   !(mac->variadic && n + 1 == mac->nparams)) {
            n++;
            if (n >= mac->nparams)
                args = NULL; /* too many: counted, not kept */
            continue;
        }
        nonempty = true;
        if (args && n < mac->nparams)
            mc_push(&args[n], &t);
    }
    *rparen = t;
    size_t given = n + 1;
    bool ok = given == mac->nparams ||
              (mac->variadic && given + 1 == mac->nparams) ||
              (mac->nparams == 0 && n == 0 && !nonempty);
    size_t want = mac->nparams - mac->variadic;
    if (!ok)
        mc_error(m, "macro '%.*s' takes %s%zu argument%s, but %zu given",
                 (int)mac->len, mac->name, mac->variadic ? "at least " : "",
                 want, want == 1 ? "" : "s", given);
    return ok;
}

static bool mc_builtin(mc *m, const mc_tok *t, mc_toks *out)
{
    ac_buf b;
    if (mc_is(t, "__LINE__")) {
        int line, col;
        ac_source_position(m->src, m->inv->at, &line, &col);
        ac_buf_init(&b);
        ac_buf_printf(&b, "%d", line);
        mc_tok n = mc_string_tok(m, &b, t->space);
        n.kind = MT_NUMBER;
        mc_push(out, &n);
        return true;
    }
    if (mc_is(t, "__FILE__")) {
        ac_buf_init(&b);
        ac_buf_putc(&b, '"');
        for (const char *p = m->src->path; *p; p++) {
            if (*p == '"' || *p == '\\')
                ac_buf_putc(&b, '\\');
            ac_buf_putc(&b, *p);
        }
        ac_buf_putc(&b, '"');
        mc_tok s = mc_string_tok(m, &b, t->space);
        mc_push(out, &s);
        return true;
    }
    return false;
}

/* Expands mac, named by t; pushes the result onto the input to rescan. */
static void mc_invoke(mc *m, mc_in *in, const mc_tok *t, const mc_macro *mac)
{
    mc_toks *args = ac_xcalloc(mac->nparams + 1, sizeof *args);
    mc_toks body = {0};
    const mc_hs *hs;
    mc_tok rparen;
    if (mac->fn_like && !mc_args(m, in, mac, args, &rparen))
        goto done;
    hs = mac->fn_like ? mc_hs_inter(m, t->hs, rparen.hs) : t->hs;
    hs = mc_hs_add(m, hs, mac);
    if (hs->n > AC_MC_MAX_DEPTH) {
        mc_error(m,
                 "macro '%.*s' expands too deeply (more than %d nested "
                 "expansions)",
                 (int)m->inv->len, m->inv->s, AC_MC_MAX_DEPTH);
        goto done;
    }
    mc_subst(m, mac, args, &body);
    m->produced += body.n;
    if (m->produced + in->pend.n > AC_MC_MAX_TOKENS) {
        mc_error(m,
                 "the expansion of macro '%.*s' is too large (more than "
                 "%d tokens)",
                 (int)m->inv->len, m->inv->s, AC_MC_MAX_TOKENS);
        goto done;
    }
    for (size_t i = body.n; i-- > 0;) {
        mc_tok r = body.v[i];
        r.hs = mc_hs_union(m, r.hs, hs);
        r.bol = false;
        if (i == 0)
            r.space = t->space;
        mc_push(&in->pend, &r);
    }
done:
    for (size_t i = 0; i <= mac->nparams; i++)
        free(args[i].v);
    free(args);
    free(body.v);
}

/* Expands the pending tokens, every macro among them (the rescan
 * included); the file is read only for the arguments of an invocation
 * whose name comes last. */
static void mc_expand(mc *m, mc_in *in, mc_toks *out)
{
    mc_tok t;
    while (!m->failed && in->pend.n && mc_get(in, &t)) {
        const mc_macro *mac = mc_defined(m, &t);
        const mc_tok *next;
        if (t.kind == MT_IDENT && !mac && mc_builtin(m, &t, out))
            continue;
        if (!mac || mc_hs_has(t.hs, mac) ||
            (mac->fn_like &&
             ((next = mc_peek(in)) == NULL || !mc_is(next, "(")))) {
            mc_push(out, &t);
            continue;
        }
        mc_invoke(m, in, &t, mac);
    }
}

/* ---- spelling the result ------------------------------------------------ */

static bool mc_punct_char(int c)
{
    return c >= 0 && c < 0x80 && strchr("+-*/%<>=!&|^#.:", c) != NULL;
}

/* Whether a token starting with b, right after one ending with a, would
 * join it (as GCC's -E avoids). */
static bool mc_would_join(int a, int b)
{
    if (mc_ident_char(a) &&
        (mc_ident_char(b) || b == '.' || b == '"' || b == '\''))
        return true;
    if (a == '.' && mc_ident_char(b))
        return true;
    if ((a == 'e' || a == 'E' || a == 'p' || a == 'P') &&
        (b == '+' || b == '-'))
        return true;
    return mc_punct_char(a) && mc_punct_char(b);
}

/* The expansion's text, between the bytes before and after it; as many
 * newlines as the invocation spanned end it, so that the lines after it
 * keep their numbers. */
static void mc_spell_out(mc *m, const mc_toks *toks, int before, int after,
                         bool paren_after, size_t newlines, ac_buf *b)
{
    int last = before;
    for (size_t i = 0; i < toks->n; i++) {
        const mc_tok *t = &toks->v[i];
        if (t->len == 0)
            continue;
        if ((i > 0 && t->space) || mc_would_join(last, (unsigned char)t->s[0]))
            ac_buf_putc(b, ' ');
        /* a function-like macro's name its own expansion gave, before a
         * `(`: the C compiler, which sees the macro still defined, must
         * not expand it again */
        const mc_macro *mac = mc_defined(m, t);
        bool hide =
            mac && mac->fn_like && mc_hs_has(t->hs, mac) &&
            (i + 1 < toks->n ? mc_is(&toks->v[i + 1], "(") : paren_after);
        if (hide)
            ac_buf_putc(b, '(');
        ac_buf_add(b, t->s, t->len);
        if (hide)
            ac_buf_putc(b, ')');
        last = (unsigned char)b->data[b->len - 1];
    }
    if (newlines == 0 && mc_would_join(last, after))
        ac_buf_putc(b, ' ');
    for (size_t i = 0; i < newlines; i++)
        ac_buf_putc(b, '\n');
}

/* Expands the invocation at file->v[*k] (inside a body ending before
 * limit) and records its replacement. */
static void mc_replace(mc *m, const mc_toks *file, size_t *k, size_t limit)
{
    const mc_tok *first = &file->v[*k];
    mc_in in = {{0}, file, *k, limit};
    mc_toks out = {0};
    m->inv = first;
    m->failed = false;
    m->produced = 0;
    mc_tok t;
    mc_get(&in, &t);
    t.space = false;
    mc_invoke(m, &in, &t, mc_defined(m, first));
    mc_expand(m, &in, &out);
    if (!m->failed) {
        uint32_t start = first->at, end = file->v[in.fi - 1].end;
        const char *s = m->src->text;
        size_t newlines = 0;
        for (uint32_t i = start; i < end; i++)
            newlines += s[i] == '\n';
        ac_buf b;
        ac_buf_init(&b);
        const mc_tok *next = mc_peek(&in);
        mc_spell_out(m, &out, start ? (unsigned char)s[start - 1] : ' ',
                     (unsigned char)s[end], next && mc_is(next, "("), newlines,
                     &b);
        m->repls = ac_xrealloc(m->repls, (m->nrepls + 1) * sizeof *m->repls);
        m->repls[m->nrepls].start = start;
        m->repls[m->nrepls].end = end;
        m->repls[m->nrepls].len = b.len;
        m->repls[m->nrepls].text = ac_buf_steal(&b);
        m->nrepls++;
    }
    *k = m->failed ? *k + 1 : in.fi;
    free(in.pend.v);
    free(out.v);
}

/* ---- #if ---------------------------------------------------------------- */

/* An #if expression over tokens; unknown once anything in it depends on
 * what the translator does not know. */
typedef struct mc_eval {
    const mc_toks *t;
    size_t i;
    bool unknown;
} mc_eval;

static long long mc_ev_cond(mc_eval *ev);

static bool mc_ev_is(const mc_eval *ev, const char *op)
{
    return ev->i < ev->t->n && mc_is(&ev->t->v[ev->i], op);
}

static long long mc_ev_number(mc_eval *ev, const mc_tok *t)
{
    char buf[64];
    if (t->kind == MT_STRING && t->len == 3 && t->s[0] == '\'' &&
        t->s[1] != '\\')
        return (unsigned char)t->s[1];
    if (t->kind != MT_NUMBER || t->len >= sizeof buf) {
        ev->unknown = true;
        return 0;
    }
    memcpy(buf, t->s, t->len);
    buf[t->len] = '\0';
    char *end;
    errno = 0;
    unsigned long long v = strtoull(buf, &end, 0);
    while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
        end++;
    if (*end || errno)
        ev->unknown = true;
    return (long long)v;
}

static long long mc_ev_unary(mc_eval *ev)
{
    if (ev->i >= ev->t->n) {
        ev->unknown = true;
        return 0;
    }
    const mc_tok *t = &ev->t->v[ev->i++];
    if (mc_is(t, "(")) {
        long long v = mc_ev_cond(ev);
        if (!mc_ev_is(ev, ")"))
            ev->unknown = true;
        ev->i++;
        return v;
    }
    if (mc_is(t, "-"))
        return -mc_ev_unary(ev);
    if (mc_is(t, "+"))
        return mc_ev_unary(ev);
    if (mc_is(t, "!"))
        return !mc_ev_unary(ev);
    if (mc_is(t, "~"))
        return ~mc_ev_unary(ev);
    return mc_ev_number(ev, t);
}

/* Binary operators by precedence, loosest first. */
static const char *const mc_ev_ops[][5] = {
    {"||"},
    {"&&"},
    {"|"},
    {"^"},
    {"&"},
    {"==", "!="},
    {"<", ">", "<=", ">="},
    {"<<", ">>"},
    {"+", "-"},
    {"*", "/", "%"},
};

static long long mc_ev_apply(mc_eval *ev, const char *op, long long a,
                             long long b)
{
    switch (op[0]) {
    case '|':
        return op[1] ? a || b : a | b;
    case '&':
        return op[1] ? a && b : a & b;
    case '^':
        return a ^ b;
    case '=':
        return a == b;
    case '!':
        return a != b;
    case '<':
        return op[1] == '<'
                   ? (b < 0 || b > 62 ? (ev->unknown = true, 0) : a << b)
               : op[1] ? a <= b
                       : a < b;
    case '>':
        return op[1] == '>'
                   ? (b < 0 || b > 62 ? (ev->unknown = true, 0) : a >> b)
               : op[1] ? a >= b
                       : a > b;
    case '+':
        return a + b;
    case '-':
        return a - b;
    case '*':
        return a * b;
    default:
        if (b == 0 || (a == LLONG_MIN && b == -1)) {
            ev->unknown = true;
            return 0;
        }
        return op[0] == '/' ? a / b : a % b;
    }
}

static long long mc_ev_binary(mc_eval *ev, size_t level)
{
    if (level == sizeof mc_ev_ops / sizeof *mc_ev_ops)
        return mc_ev_unary(ev);
    long long a = mc_ev_binary(ev, level + 1);
    for (;;) {
        const char *op = NULL;
        for (size_t k = 0; k < 5 && mc_ev_ops[level][k]; k++)
            if (mc_ev_is(ev, mc_ev_ops[level][k]))
                op = mc_ev_ops[level][k];
        if (op == NULL)
            return a;
        ev->i++;
        long long b = mc_ev_binary(ev, level + 1);
        a = mc_ev_apply(ev, op, a, b);
    }
}

static long long mc_ev_cond(mc_eval *ev)
{
    long long c = mc_ev_binary(ev, 0);
    if (!mc_ev_is(ev, "?"))
        return c;
    ev->i++;
    long long a = mc_ev_cond(ev);
    if (!mc_ev_is(ev, ":"))
        ev->unknown = true;
    ev->i++;
    long long b = mc_ev_cond(ev);
    return c ? a : b;
}

static mc_state mc_known(mc *m, const mc_tok *name, bool want_defined)
{
    const mc_macro *mac = mc_find(m, name);
    if (mac == NULL || mac->status == MS_UNKNOWN)
        return GS_UNKNOWN;
    return (mac->status == MS_DEFINED) == want_defined ? GS_TRUE : GS_FALSE;
}

static mc_tok mc_number_tok(int v)
{
    mc_tok t = {0};
    t.s = v ? "1" : "0";
    t.len = 1;
    t.kind = MT_NUMBER;
    return t;
}

/* The value of `#if` tokens [k, e). */
static mc_state mc_if(mc *m, const mc_toks *toks, size_t k, size_t e)
{
    mc_toks line = {0}, out = {0};
    bool unknown = false;
    for (size_t i = k; i < e; i++) {
        const mc_tok *t = &toks->v[i];
        if (t->kind != MT_IDENT || !mc_is(t, "defined")) {
            mc_push(&line, t);
            continue;
        }
        bool paren = i + 1 < e && mc_is(&toks->v[i + 1], "(");
        size_t n = i + 1 + paren;
        if (n >= e || toks->v[n].kind != MT_IDENT ||
            (paren && (n + 1 >= e || !mc_is(&toks->v[n + 1], ")")))) {
            unknown = true;
            break;
        }
        mc_state s = mc_known(m, &toks->v[n], true);
        unknown |= s == GS_UNKNOWN;
        mc_tok v = mc_number_tok(s == GS_TRUE);
        mc_push(&line, &v);
        i = n + paren;
    }
    /* expansion errors in a condition are the C compiler's to report */
    const mc_tok *inv = m->inv;
    m->inv = &toks->v[k - 1];
    m->quiet = true;
    m->failed = false;
    m->produced = 0;
    mc_expand_list(m, &line, &out);
    unknown |= m->failed;
    m->inv = inv;
    m->quiet = false;
    m->failed = false;
    for (size_t i = 0; i < out.n; i++) {
        mc_tok *t = &out.v[i];
        if (t->kind != MT_IDENT)
            continue;
        const mc_macro *mac = mc_find(m, t);
        if (mac == NULL || mac->status != MS_UNDEF || mc_is(t, "defined"))
            unknown = true;
        *t = mc_number_tok(0);
    }
    mc_eval ev = {&out, 0, unknown};
    long long v = mc_ev_cond(&ev);
    if (ev.i != out.n)
        ev.unknown = true;
    free(line.v);
    free(out.v);
    return ev.unknown ? GS_UNKNOWN : v ? GS_TRUE : GS_FALSE;
}

/* ---- directives --------------------------------------------------------- */

typedef struct mc_groups {
    mc_group *v;
    size_t n, cap;
    mc_state base; /* outside every group of this file */
    size_t seen;   /* directives read */
} mc_groups;

static mc_state mc_cur(const mc_groups *gs)
{
    return gs->n ? gs->v[gs->n - 1].state : gs->base;
}

/* Enters the next branch of g, whose condition is cond. */
static void mc_branch(mc_group *g, mc_state cond)
{
    if (g->parent == GS_FALSE || g->taken || cond == GS_FALSE) {
        g->state = GS_FALSE;
    } else if (cond == GS_UNKNOWN) {
        g->state = GS_UNKNOWN;
        g->unknown_seen = true;
    } else {
        g->taken = true;
        g->state =
            g->unknown_seen || g->parent == GS_UNKNOWN ? GS_UNKNOWN : GS_TRUE;
    }
}

/* `#define NAME...` over tokens [k, e), k at NAME. */
static void mc_define(mc *m, const mc_toks *toks, size_t k, size_t e,
                      mc_state cur)
{
    mc_macro *mac = mc_entry(m, &toks->v[k]);
    mac->status = MS_UNKNOWN;
    if (cur == GS_UNKNOWN)
        return;
    size_t i = k + 1;
    mac->fn_like = i < e && mc_is(&toks->v[i], "(") && !toks->v[i].space;
    mac->variadic = false;
    mac->nparams = 0;
    if (mac->fn_like) {
        mac->params = mc_alloc(m, (e - i) * sizeof *mac->params);
        static const mc_tok va = {"__VA_ARGS__", 11, 0, 0, MT_IDENT, 0, 0, 0};
        for (i++; i < e && !mc_is(&toks->v[i], ")"); i++) {
            const mc_tok *p = &toks->v[i];
            if (mac->variadic)
                return; /* `...` must come last */
            if (mc_is(p, "...")) {
                mac->variadic = true;
                mac->params[mac->nparams++] = va;
            } else if (p->kind == MT_IDENT) {
                mac->params[mac->nparams++] = *p;
                if (i + 1 < e && mc_is(&toks->v[i + 1], "...")) {
                    mac->variadic = true; /* GNU `args...` */
                    i++;
                }
            } else {
                return;
            }
            if (i + 1 < e && mc_is(&toks->v[i + 1], ","))
                i++;
            else if (!(i + 1 < e && mc_is(&toks->v[i + 1], ")")))
                return;
        }
        if (i >= e)
            return;
        i++;
    }
    mac->nbody = e - i;
    mac->body = mc_alloc(m, (mac->nbody + 1) * sizeof *mac->body);
    for (size_t j = 0; j < mac->nbody; j++) {
        mac->body[j] = toks->v[i + j];
        mac->body[j].bol = false;
    }
    if (mac->nbody)
        mac->body[0].space = false;
    mac->status = MS_DEFINED;
}

static void mc_file(mc *m, const mc_toks *toks, const char *path, mc_state base,
                    const mc_span *bodies, size_t nbodies);

static bool mc_has_suffix(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A file that exists at dir/name. */
static char *mc_try(const char *dir, size_t dirlen, const char *name)
{
    ac_buf b;
    ac_buf_init(&b);
    if (name[0] != '/' && dirlen > 0) {
        ac_buf_add(&b, dir, dirlen);
        ac_buf_putc(&b, '/');
    }
    ac_buf_puts(&b, name);
    char *path = ac_buf_steal(&b);
    if (access(path, R_OK) == 0)
        return path;
    free(path);
    return NULL;
}

/* Finds name as frontend/unit.c does: next to the includer, then in each
 * -I directory. */
static char *mc_find_include(mc *m, const char *from, const char *name)
{
    const char *slash = strrchr(from, '/');
    size_t dirlen = strcmp(from, "<stdin>") == 0 || slash == NULL
                        ? 0
                        : (size_t)(slash - from) + (slash == from);
    char *path = mc_try(from, dirlen, name);
    for (size_t i = 0;
         !path && name[0] != '/' && m->opts && i < m->opts->ninclude_dirs;
         i++) {
        const char *dir = m->opts->include_dirs[i];
        path = mc_try(dir, strlen(dir), name);
    }
    return path;
}

/* `#include "x.ah"`: its macros count from here on (each file once; one
 * the includer cannot read is unit.c's to report). */
static void mc_include(mc *m, const mc_tok *t, const char *from, mc_state cur)
{
    if (t->kind != MT_STRING || t->s[0] != '"' ||
        !mc_has_suffix(t->s, t->len, ".ah\"") ||
        m->include_depth >= AC_MC_MAX_INCLUDES)
        return;
    char *name = ac_xstrndup(t->s + 1, t->len - 2);
    char *path = mc_find_include(m, from, name);
    free(name);
    if (path == NULL)
        return;
    char *real = realpath(path, NULL);
    if (real == NULL)
        real = ac_xstrndup(path, strlen(path));
    for (size_t i = 0; i < m->nseen; i++) {
        if (strcmp(m->seen[i], real) == 0) {
            free(real);
            free(path);
            return;
        }
    }
    m->seen = ac_xrealloc(m->seen, (m->nseen + 1) * sizeof *m->seen);
    m->seen[m->nseen++] = real;
    ac_source *src = ac_source_read(path);
    free(path);
    if (src == NULL)
        return;
    m->incs = ac_xrealloc(m->incs, (m->nincs + 1) * sizeof *m->incs);
    m->incs[m->nincs++] = src;
    mc_toks toks = {0};
    mc_lex(m, src->text, src->len, &toks);
    m->include_depth++;
    mc_file(m, &toks, src->path, cur, NULL, 0);
    m->include_depth--;
    free(toks.v);
}

/* The condition of #ifdef/#ifndef NAME.  An include guard (the file's
 * first directive is `#ifndef X`, X never seen) holds if X is defined
 * next; a later `#ifndef X` / `#define X value` gives a default that the
 * command line may override, so it is undecidable. */
static mc_state mc_ifdef(mc *m, const mc_toks *toks, size_t k, size_t e,
                         bool want_defined, mc_group *g, bool first)
{
    if (k >= e || toks->v[k].kind != MT_IDENT)
        return GS_UNKNOWN;
    if (!want_defined && first && mc_find(m, &toks->v[k]) == NULL &&
        g->parent == GS_TRUE) {
        g->guard = &toks->v[k];
        return GS_TRUE;
    }
    return mc_known(m, &toks->v[k], want_defined);
}

/* The directive whose name is toks[k], ending before e. */
static void mc_directive(mc *m, mc_groups *gs, const mc_toks *toks, size_t k,
                         size_t e, const char *path)
{
    if (k >= e)
        return;
    const mc_tok *d = &toks->v[k];
    mc_group *top = gs->n ? &gs->v[gs->n - 1] : NULL;
    if (top && top->guard) {
        bool guarded = mc_is(d, "define") && k + 1 < e &&
                       mc_same(&toks->v[k + 1], top->guard);
        if (!guarded) {
            top->state = GS_UNKNOWN;
            top->unknown_seen = true;
            top->taken = false;
        }
        top->guard = NULL;
    }
    mc_state cur = mc_cur(gs);
    gs->seen++;
    if (mc_is(d, "if") || mc_is(d, "ifdef") || mc_is(d, "ifndef")) {
        if (gs->n == gs->cap) {
            gs->cap = gs->cap ? 2 * gs->cap : 16;
            gs->v = ac_xrealloc(gs->v, gs->cap * sizeof *gs->v);
        }
        mc_group *g = &gs->v[gs->n++];
        memset(g, 0, sizeof *g);
        g->parent = cur;
        mc_state c = GS_UNKNOWN;
        if (cur != GS_FALSE)
            c = mc_is(d, "if") ? mc_if(m, toks, k + 1, e)
                : mc_is(d, "ifdef")
                    ? mc_ifdef(m, toks, k + 1, e, true, g, false)
                    : mc_ifdef(m, toks, k + 1, e, false, g, gs->seen == 1);
        mc_branch(g, c);
    } else if (mc_is(d, "elif") && top) {
        bool skip = top->parent == GS_FALSE || top->taken;
        mc_branch(top, skip ? GS_FALSE : mc_if(m, toks, k + 1, e));
    } else if (mc_is(d, "else") && top) {
        mc_branch(top, GS_TRUE);
    } else if (mc_is(d, "endif") && top) {
        gs->n--;
    } else if (cur == GS_FALSE || k + 1 >= e) {
        return;
    } else if (mc_is(d, "define") && toks->v[k + 1].kind == MT_IDENT) {
        mc_define(m, toks, k + 1, e, cur);
    } else if (mc_is(d, "undef") && toks->v[k + 1].kind == MT_IDENT) {
        mc_entry(m, &toks->v[k + 1])->status =
            cur == GS_UNKNOWN ? MS_UNKNOWN : MS_UNDEF;
    } else if (mc_is(d, "include")) {
        mc_include(m, &toks->v[k + 1], path, cur);
    }
}

/* Reads toks in order: directives, and the invocations to expand in
 * bodies. */
static void mc_file(mc *m, const mc_toks *toks, const char *path, mc_state base,
                    const mc_span *bodies, size_t nbodies)
{
    mc_groups gs = {NULL, 0, 0, base, 0};
    size_t b = 0;
    for (size_t k = 0; k < toks->n;) {
        const mc_tok *t = &toks->v[k];
        if (t->bol && mc_is(t, "#")) {
            size_t e = k + 1;
            while (e < toks->n && !toks->v[e].bol)
                e++;
            mc_directive(m, &gs, toks, k + 1, e, path);
            k = e;
            continue;
        }
        while (b < nbodies && bodies[b].last < k)
            b++;
        const mc_macro *mac = mc_defined(m, t);
        bool in_body = b < nbodies && k > bodies[b].first;
        if (mac && in_body && mc_cur(&gs) != GS_FALSE &&
            (!mac->fn_like || (k + 1 < toks->n && mc_is(&toks->v[k + 1], "("))))
            mc_replace(m, toks, &k, bodies[b].last);
        else
            k++;
    }
    free(gs.v);
}

/* ---- bodies ------------------------------------------------------------- */

/* The index of the first token at or after offset. */
static size_t mc_tok_at(const mc_toks *toks, uint32_t offset)
{
    size_t lo = 0, hi = toks->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (toks->v[mid].at < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether toks[k] is on a preprocessor line. */
static bool mc_on_directive(const mc_toks *toks, size_t k)
{
    while (k > 0 && !toks->v[k].bol)
        k--;
    return mc_is(&toks->v[k], "#") && toks->v[k].bol;
}

/* The index of the `}` closing the `{` at open, or toks->n. */
static size_t mc_close_brace(const mc_toks *toks, size_t open)
{
    int depth = 0;
    bool dir = false;
    for (size_t j = open; j < toks->n; j++) {
        const mc_tok *t = &toks->v[j];
        if (t->bol)
            dir = mc_is(t, "#");
        if (dir)
            continue;
        if (mc_is(t, "{"))
            depth++;
        else if (mc_is(t, "}") && --depth == 0)
            return j;
    }
    return toks->n;
}

/* The body of the declaration whose `async` or `generator(...)` ends at
 * offset, if it has one. */
static bool mc_body_after(const mc_toks *toks, uint32_t offset, mc_span *out)
{
    int parens = 0;
    for (size_t j = mc_tok_at(toks, offset); j < toks->n; j++) {
        const mc_tok *t = &toks->v[j];
        if ((t->bol && mc_is(t, "#")) || mc_on_directive(toks, j))
            continue;
        if (mc_is(t, "("))
            parens++;
        else if (mc_is(t, ")"))
            parens--;
        if (parens > 0)
            continue;
        if (mc_is(t, ";") || mc_is(t, "="))
            return false;
        if (!mc_is(t, "{"))
            continue;
        size_t close = mc_close_brace(toks, j);
        if (j > 0 && mc_is(&toks->v[j - 1], ")")) {
            out->first = j;
            out->last = close;
            return true;
        }
        j = close; /* a struct in the return type */
    }
    return false;
}

static size_t mc_bodies(const mc_toks *toks, const ac_prepass *pp,
                        mc_span **out)
{
    size_t n = 0;
    *out = NULL;
    for (size_t i = 0; i < pp->nkws; i++) {
        const ac_kw *kw = &pp->kws[i];
        mc_span s;
        if ((kw->kind != AC_KW_ASYNC && kw->kind != AC_KW_GENERATOR) ||
            !mc_body_after(toks, kw->end, &s) ||
            (n > 0 && (*out)[n - 1].first == s.first))
            continue;
        *out = ac_xrealloc(*out, (n + 1) * sizeof **out);
        (*out)[n++] = s;
    }
    return n;
}

/* ---- the result --------------------------------------------------------- */

static void mc_piece(ac_source_piece **v, size_t *n, size_t at, uint32_t orig,
                     int expansion)
{
    *v = ac_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (ac_source_piece){(uint32_t)at, orig, expansion};
}

/* Makes the text with the replacements that of src. */
static int mc_apply(mc *m)
{
    ac_source *src = m->src;
    ac_buf b;
    ac_buf_init(&b);
    ac_source_piece *pieces = NULL;
    size_t npieces = 0;
    uint32_t pos = 0;
    mc_piece(&pieces, &npieces, 0, 0, 0);
    for (size_t i = 0; i < m->nrepls; i++) {
        const mc_repl *r = &m->repls[i];
        ac_buf_add(&b, src->text + pos, r->start - pos);
        mc_piece(&pieces, &npieces, b.len, r->start, 1);
        ac_buf_add(&b, r->text, r->len);
        mc_piece(&pieces, &npieces, b.len, r->end, 0);
        pos = r->end;
    }
    ac_buf_add(&b, src->text + pos, src->len - pos);
    if (b.len >= UINT32_MAX) {
        ac_diag_error(m->d, src, m->repls[0].start,
                      "the file is too large after expanding macros");
        ac_buf_free(&b);
        free(pieces);
        return -1;
    }
    size_t len = b.len;
    ac_source_set_text(src, ac_buf_steal(&b), len, pieces, npieces);
    return 1;
}

/* Whether src may hold anything to expand: a resumable function, and a
 * #define or an .ah include. */
static bool mc_worth(const ac_source *src, const ac_prepass *pp)
{
    bool resumable = false;
    for (size_t i = 0; i < pp->nkws && !resumable; i++)
        resumable = pp->kws[i].kind == AC_KW_ASYNC ||
                    pp->kws[i].kind == AC_KW_GENERATOR;
    if (!resumable)
        return false;
    if (pp->nah_includes > 0)
        return true;
    for (const char *p = src->text, *end = p + src->len;
         (p = memchr(p, 'd', (size_t)(end - p))) != NULL; p++)
        if (end - p >= 6 && memcmp(p, "define", 6) == 0)
            return true;
    return false;
}

int ac_macro_expand(ac_source *src, const ac_prepass *pp,
                    const ac_macro_opts *opts, ac_diag *d)
{
    if (!mc_worth(src, pp))
        return 0;
    mc m;
    memset(&m, 0, sizeof m);
    m.src = src;
    m.opts = opts;
    m.d = d;
    mc_toks toks = {0};
    mc_lex(&m, src->text, src->len, &toks);
    mc_span *bodies;
    size_t nbodies = mc_bodies(&toks, pp, &bodies);
    if (nbodies > 0)
        mc_file(&m, &toks, src->path, GS_TRUE, bodies, nbodies);
    int rc = m.errors ? -1 : 0;
    if (rc == 0 && m.nrepls > 0)
        rc = mc_apply(&m);
    free(bodies);
    free(toks.v);
    for (size_t i = 0; i < m.nrepls; i++)
        free(m.repls[i].text);
    free(m.repls);
    for (size_t i = 0; i < m.nseen; i++)
        free(m.seen[i]);
    free(m.seen);
    for (size_t i = 0; i < m.nincs; i++)
        ac_source_free(m.incs[i]);
    free(m.incs);
    free(m.tab);
    for (size_t i = 0; i < m.nblocks; i++)
        free(m.blocks[i]);
    free(m.blocks);
    return rc;
}
