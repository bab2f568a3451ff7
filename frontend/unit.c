/* unit.c - a translation unit: reads a source, runs the pre-pass, parses
 * the masked text with tree-sitter-c, reports syntax errors, and loads the
 * annotated headers it includes (each file once). */
#include "frontend/unit.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/nesting.h"

#include "frontend/buf.h"
#include "frontend/typedefs.h"
#include "frontend/macro.h"

const TSLanguage *tree_sitter_c(void);

/* Syntax errors reported per file: after a few, the rest are noise. */
#define AC_MAX_SYNTAX_ERRORS 20
/* How much of an unexpected token a syntax error quotes. */
#define AC_QUOTE_MAX 24

typedef struct ac_loader {
    const ac_unit_opts *opts;
    ac_diag *d;
    ac_unit *root;
    char **real_paths; /* of root->loaded[i], to read each file once */
    ac_unit **reading; /* the chain of includes being read, outermost first */
    size_t nreading;
    TSParser *parser;
} ac_loader;

static bool ac_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A canonical name for path, to recognise a file read twice. */
static char *ac_real_path(const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : ac_xstrndup(path, strlen(path));
}

static ac_unit *ac_unit_new(ac_loader *ld, ac_source *src)
{
    ac_unit *u = ac_xcalloc(1, sizeof *u);
    u->src = src;
    u->is_header = ac_has_suffix(src->path, ".ah");
    ac_unit *root = ld->root ? ld->root : u;
    size_t n = root->nloaded;
    root->loaded = ac_xrealloc(root->loaded, (n + 1) * sizeof *root->loaded);
    ld->real_paths =
        ac_xrealloc(ld->real_paths, (n + 1) * sizeof *ld->real_paths);
    root->loaded[n] = u;
    ld->real_paths[n] = strcmp(src->path, "<stdin>") == 0
                            ? ac_xstrndup("", 0)
                            : ac_real_path(src->path);
    root->nloaded = n + 1;
    return u;
}

/* ---- syntax errors ------------------------------------------------------ */

/* Quotes up to AC_QUOTE_MAX bytes of the original text at [start, end),
 * stopping at a line end, with control characters shown as '?'. */
static void ac_quote(const ac_source *src, uint32_t start, uint32_t end,
                     char *out)
{
    size_t n = 0;
    for (uint32_t i = start; i < end && n < AC_QUOTE_MAX; i++) {
        unsigned char c = (unsigned char)src->text[i];
        if (c == '\n' || c == '\r')
            break;
        out[n++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (n == AC_QUOTE_MAX)
        memcpy(out + n - 3, "...", 3);
    out[n] = '\0';
}

/* Whether the text after offset at, past blanks, starts with c. */
static bool ac_next_is(const ac_unit *u, uint32_t at, char c)
{
    const char *m = u->pp.masked;
    while (at < u->src->len && (m[at] == ' ' || m[at] == '\t' ||
                                m[at] == '\n' || m[at] == '\r'))
        at++;
    return at < u->src->len && m[at] == c;
}

static void ac_report_missing_node(ac_loader *ld, ac_unit *u, TSNode n)
{
    const char *type = ts_node_type(n);
    if (strcmp(type, ";") == 0 && ac_next_is(u, ts_node_start_byte(n), '{'))
        ac_diag_error(ld->d, u->src, ts_node_start_byte(n),
                      "syntax error: missing ';' (a macro used as a "
                      "statement header, as `FOREACH(i, n) { ... }`, is read "
                      "as a call here: define it in this file or an "
                      "included .ah so that asyncc expands it, or write the "
                      "statement out)");
    else if (ts_node_is_named(n))
        ac_diag_error(ld->d, u->src, ts_node_start_byte(n),
                      "syntax error: missing %s", type);
    else
        ac_diag_error(ld->d, u->src, ts_node_start_byte(n),
                      "syntax error: missing '%s'", type);
}

/* ---- where syntax errors matter ---------------------------------------- */

/* The index of the first of the n spans (sorted, disjoint) that ends
 * after at. */
static size_t ac_span_after(const ac_span *v, size_t n, uint32_t at)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether [start, end) overlaps a declaration the lowering rewrites (an
 * empty range, as of a MISSING node, counts as its first byte). */
static bool ac_in_fns(const ac_unit *u, uint32_t start, uint32_t end)
{
    if (end <= start) { /* a missing `}` sits at the end of its span */
        size_t i = ac_span_after(u->pp.fns, u->pp.nfns, start ? start - 1 : 0);
        return i < u->pp.nfns && u->pp.fns[i].start <= start;
    }
    size_t i = ac_span_after(u->pp.fns, u->pp.nfns, start);
    return i < u->pp.nfns && u->pp.fns[i].start < end;
}

static bool ac_node_in_fns(const ac_unit *u, TSNode n)
{
    return ac_in_fns(u, ts_node_start_byte(n), ts_node_end_byte(n));
}

static bool ac_is_error(TSNode n)
{
    return ts_node_is_missing(n) || strcmp(ts_node_type(n), "ERROR") == 0;
}

/* Whether an ERROR or MISSING node under n overlaps a lowered
 * declaration. */
static bool ac_errors_in_fns(const ac_unit *u, TSNode n)
{
    if (!ts_node_has_error(n) || !ac_node_in_fns(u, n))
        return false;
    if (ac_is_error(n))
        return true;
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (ac_errors_in_fns(u, ts_node_child(n, i)))
            return true;
    return false;
}

/* The nodes the lowering looks into for file-scope declarations. */
static bool ac_is_container(TSNode n)
{
    const char *t = ts_node_type(n);
    return strncmp(t, "preproc_if", 10) == 0 ||
           strncmp(t, "preproc_el", 10) == 0 ||
           strcmp(t, "linkage_specification") == 0 ||
           strcmp(t, "declaration_list") == 0;
}

/* Whether the declaration fn is a node the lowering finds: a function
 * definition or declaration spanning exactly fn, reached from the root
 * through containers only. */
static bool ac_fn_found(TSNode root, ac_span fn)
{
    TSNode n = root;
    for (;;) {
        TSNode c = ts_node_first_named_child_for_byte(n, fn.start);
        if (ts_node_is_null(c) || ts_node_start_byte(c) > fn.start)
            return false;
        const char *t = ts_node_type(c);
        if (ts_node_start_byte(c) == fn.start && ts_node_end_byte(c) == fn.end &&
            (strcmp(t, "function_definition") == 0 ||
             strcmp(t, "declaration") == 0))
            return true;
        if (!ac_is_container(c))
            return false;
        n = c;
    }
}

/* Whether the tree serves the lowering: every lowered declaration is
 * found, and no syntax error overlaps one. */
static bool ac_tree_serves(const ac_unit *u, TSNode root)
{
    if (ac_errors_in_fns(u, root))
        return false;
    for (size_t i = 0; i < u->pp.nfns; i++)
        if (!ac_fn_found(root, u->pp.fns[i]))
            return false;
    return true;
}

/* Blanks text[start, end) (newlines kept) except the lowered declarations
 * and the preprocessor lines, which keep conditionals balanced. */
static void ac_blank_junk(const ac_unit *u, char *text, uint32_t start,
                          uint32_t end)
{
    const ac_prepass *pp = &u->pp;
    size_t fi = ac_span_after(pp->fns, pp->nfns, start);
    size_t di = ac_span_after(pp->directives, pp->ndirectives, start);
    for (uint32_t i = start; i < end;) {
        while (fi < pp->nfns && pp->fns[fi].end <= i)
            fi++;
        while (di < pp->ndirectives && pp->directives[di].end <= i)
            di++;
        if (fi < pp->nfns && pp->fns[fi].start <= i) {
            i = pp->fns[fi].end;
        } else if (di < pp->ndirectives && pp->directives[di].start <= i) {
            i = pp->directives[di].end;
        } else {
            if (text[i] != '\n')
                text[i] = ' ';
            i++;
        }
    }
}

/* Blanks, outside the lowered declarations, every file-scope node the
 * grammar could not read, looking into containers. */
static void ac_blank_bad_nodes(const ac_unit *u, TSNode n, char *text)
{
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_has_error(c))
            continue;
        if (ac_is_container(c) && !ac_is_error(c))
            ac_blank_bad_nodes(u, c, text);
        else
            ac_blank_junk(u, text, ts_node_start_byte(c), ts_node_end_byte(c));
    }
}

/* ---- syntax errors ------------------------------------------------------ */

/* The first leaf of n inside a lowered declaration (n overlaps one). */
static TSNode ac_first_leaf_in_fns(const ac_unit *u, TSNode n)
{
    for (;;) {
        uint32_t count = ts_node_child_count(n), i = 0;
        while (i < count && !ac_node_in_fns(u, ts_node_child(n, i)))
            i++;
        if (i == count)
            return n;
        n = ts_node_child(n, i);
    }
}

/* Whether at lies in the declaration part of a lowered declaration,
 * before its body's `{`. */
static bool ac_in_header(const ac_unit *u, uint32_t at)
{
    size_t i = ac_span_after(u->pp.fns, u->pp.nfns, at);
    if (i == u->pp.nfns || u->pp.fns[i].start > at)
        return false;
    const char *m = u->pp.masked;
    return memchr(m + u->pp.fns[i].start, '{', at - u->pp.fns[i].start) ==
           NULL;
}

static void ac_report_error_node(ac_loader *ld, ac_unit *u, TSNode n)
{
    TSNode leaf = ac_first_leaf_in_fns(u, n);
    uint32_t start = ts_node_start_byte(leaf), end = ts_node_end_byte(leaf);
    if (start >= u->src->len) {
        ac_diag_error(ld->d, u->src, ts_node_start_byte(n),
                      "syntax error: unexpected end of file");
        return;
    }
    if (end <= start)
        end = start + 1;
    char text[AC_QUOTE_MAX + 1];
    ac_quote(u->src, start, end, text);
    if (ac_in_header(u, start)) {
        ac_diag_error(ld->d, u->src, start,
                      "syntax error: unexpected '%s' in the declaration of a "
                      "function asyncc rewrites; the C grammar it reads does "
                      "not take a macro here: spell an attribute "
                      "__attribute__((...)), or leave it to a prototype",
                      text);
        return;
    }
    ac_diag_error(ld->d, u->src, start,
                  "syntax error: unexpected '%s' in a function asyncc "
                  "rewrites; the C grammar it reads has no rule for this "
                  "code: move it into a plain helper function, or write "
                  "it without the macro or compiler extension",
                  text);
}

/* Reports the ERROR and MISSING nodes under n that overlap a lowered
 * declaration, in source order; returns how many it reported (at most
 * budget). */
static int ac_report_syntax(ac_loader *ld, ac_unit *u, TSNode n, int budget)
{
    int reported = 0;
    TSTreeCursor c = ts_tree_cursor_new(n);
    for (;;) {
        TSNode cur = ts_tree_cursor_current_node(&c);
        bool descend = false;
        if (reported >= budget) {
            break;
        } else if (!ts_node_has_error(cur) && !ts_node_is_missing(cur)) {
            /* nothing to report below */
        } else if (!ac_node_in_fns(u, cur)) {
            /* copied as it is: SPEC section 3 */
        } else if (ts_node_is_missing(cur)) {
            ac_report_missing_node(ld, u, cur);
            reported++;
        } else if (strcmp(ts_node_type(cur), "ERROR") == 0) {
            ac_report_error_node(ld, u, cur);
            reported++;
        } else {
            descend = true;
        }
        if (descend && ts_tree_cursor_goto_first_child(&c))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c))
                goto done;
    }
done:
    ts_tree_cursor_delete(&c);
    return reported;
}

static TSParser *ac_parser(ac_loader *ld)
{
    if (ld->parser)
        return ld->parser;
    const TSLanguage *lang = tree_sitter_c();
    uint32_t v = ts_language_version(lang);
    TSParser *p = ts_parser_new();
    if (v < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION ||
        v > TREE_SITTER_LANGUAGE_VERSION || !ts_parser_set_language(p, lang)) {
        if (ld->d->out)
            fprintf(ld->d->out,
                    "asyncc: error: the tree-sitter-c grammar has ABI "
                    "version %u; this tree-sitter library loads %d to %d\n",
                    v, TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                    TREE_SITTER_LANGUAGE_VERSION);
        ld->d->errors++;
        ts_parser_delete(p);
        return NULL;
    }
    ld->parser = p;
    return p;
}

/* Parses text (of the source's length) into u->tree, replacing any. */
static bool ac_parse_text(ac_loader *ld, ac_unit *u, const char *text,
                          uint32_t len)
{
    TSTree *tree = ts_parser_parse_string(ld->parser, NULL, text, len);
    if (tree == NULL) {
        ac_diag_error(ld->d, u->src, 0, "the parser gave up on this file");
        return false;
    }
    if (u->tree)
        ts_tree_delete(u->tree);
    u->tree = tree;
    u->root = ts_tree_root_node(tree);
    return true;
}

/* Parses the masked text.  Only the declarations the lowering rewrites
 * need a tree (the rest is copied as it is), so a file with none is not
 * parsed at all (its tree is empty).  When the grammar cannot read some
 * of the rest, its error recovery may swallow a neighbouring function:
 * then the text is parsed again with what it could not read blanked
 * (offsets unchanged), then with everything but those declarations and
 * the preprocessor lines blanked.  Syntax errors left inside them are
 * reported. */
static void ac_parse(ac_loader *ld, ac_unit *u)
{
    if (ac_parser(ld) == NULL)
        return;
    uint32_t len = u->pp.nfns ? (uint32_t)u->src->len : 0;
    if (!ac_parse_text(ld, u, u->pp.masked, len))
        return;
    if (!ts_node_has_error(u->root) || ac_tree_serves(u, u->root))
        return;
    /* the blanks go into the masked text itself: any later parse of it
     * reads the same */
    char *text = u->pp.masked;
    if (strcmp(ts_node_type(u->root), "ERROR") == 0)
        ac_blank_junk(u, text, 0, len);
    else
        ac_blank_bad_nodes(u, u->root, text);
    bool ok = ac_parse_text(ld, u, text, len);
    if (ok && !ac_tree_serves(u, u->root)) {
        ac_blank_junk(u, text, 0, len);
        ok = ac_parse_text(ld, u, text, len);
    }
    if (!ok)
        return;
    int n = ac_report_syntax(ld, u, u->root, AC_MAX_SYNTAX_ERRORS);
    if (n == AC_MAX_SYNTAX_ERRORS && ld->d->out)
        fprintf(ld->d->out, "%s: note: further syntax errors not shown\n",
                u->src->path);
    for (size_t i = 0; n == 0 && i < u->pp.nfns; i++)
        if (!ac_fn_found(u->root, u->pp.fns[i])) {
            ac_diag_error(ld->d, u->src, u->pp.fns[i].start,
                          "cannot parse this function: the C grammar asyncc "
                          "reads does not take its declaration; write it "
                          "without macros or compiler extensions");
            n++;
        }
}

/* ---- includes ----------------------------------------------------------- */

static char *ac_join(const char *dir, size_t dirlen, const char *name)
{
    ac_buf b;
    ac_buf_init(&b);
    if (name[0] != '/' && dirlen > 0) {
        ac_buf_add(&b, dir, dirlen);
        if (dir[dirlen - 1] != '/')
            ac_buf_putc(&b, '/');
    }
    ac_buf_puts(&b, name);
    return ac_buf_steal(&b);
}

/* Finds name next to the includer, then in each -I directory. */
static char *ac_find_include(ac_loader *ld, const ac_unit *from,
                             const char *name)
{
    const char *path = from->src->path;
    const char *slash = strrchr(path, '/');
    size_t dirlen = strcmp(path, "<stdin>") == 0 || slash == NULL
                        ? 0
                        : (size_t)(slash - path) + (slash == path);
    char *cand = ac_join(path, dirlen, name);
    if (access(cand, R_OK) == 0)
        return cand;
    free(cand);
    for (size_t i = 0; name[0] != '/' && i < ld->opts->ninclude_dirs; i++) {
        const char *dir = ld->opts->include_dirs[i];
        cand = ac_join(dir, strlen(dir), name);
        if (access(cand, R_OK) == 0)
            return cand;
        free(cand);
    }
    return NULL;
}

static ac_unit *ac_loaded(ac_loader *ld, const char *path)
{
    char *real = ac_real_path(path);
    ac_unit *found = NULL;
    for (size_t i = 0; i < ld->root->nloaded && !found; i++)
        if (strcmp(ld->real_paths[i], real) == 0)
            found = ld->root->loaded[i];
    free(real);
    return found;
}

static void ac_process(ac_loader *ld, ac_unit *u);

/* Whether u is being read, further up the chain of includes. */
static bool ac_reading(const ac_loader *ld, const ac_unit *u)
{
    for (size_t i = 0; i < ld->nreading; i++)
        if (ld->reading[i] == u)
            return true;
    return false;
}

static void ac_include(ac_loader *ld, ac_unit *u, ac_span name_span)
{
    char *name = ac_xstrndup(u->src->text + name_span.start,
                             name_span.end - name_span.start);
    uint32_t at = name_span.start - 1; /* the opening quote */
    char *path = ac_find_include(ld, u, name);
    ac_unit *inc = NULL;
    if (path == NULL) {
        ac_diag_error(ld->d, u->src, at, "'%s': No such file or directory",
                      name);
    } else if ((inc = ac_loaded(ld, path)) == NULL) {
        ac_source *src = ac_source_read(path);
        if (src == NULL && errno == EFBIG)
            ac_diag_error(ld->d, u->src, at,
                          "'%s': larger than the limit of %s for a source",
                          name, AC_MAX_SOURCE_TEXT);
        else if (src == NULL)
            ac_diag_error(ld->d, u->src, at, "'%s': %s", name, strerror(errno));
        else
            inc = ac_unit_new(ld, src);
        if (inc)
            ac_process(ld, inc);
    }
    /* An include cycle adds no edge, so that includes[] is acyclic for
     * every consumer (as an include guard would stop the cycle). */
    if (inc && !ac_reading(ld, inc)) {
        u->includes =
            ac_xrealloc(u->includes, (u->nincludes + 1) * sizeof *u->includes);
        u->includes[u->nincludes++] = inc;
    }
    free(path);
    free(name);
}

/* The pre-pass, over the text with the file's macros expanded in
 * resumable bodies (frontend/macro.c): a first, silent, pass finds the
 * bodies; the pass that counts runs over what the translator reads. */
static int ac_front(ac_loader *ld, ac_unit *u)
{
    ac_diag quiet;
    ac_diag_init(&quiet, NULL);
    int rc = ac_prepass_run(u->src, &u->pp, &quiet);
    ac_macro_opts mo = {ld->opts->include_dirs, ld->opts->ninclude_dirs};
    int expanded = ac_macro_expand(u->src, &u->pp, &mo, ld->d);
    if (expanded < 0)
        return -1;
    if (expanded == 0 && rc == 0)
        return 0;
    ac_prepass_free(&u->pp);
    return ac_prepass_run(u->src, &u->pp, ld->d);
}

/* Pre-passes and parses u, then loads what it includes. */
static void ac_process(ac_loader *ld, ac_unit *u)
{
    if (ac_front(ld, u) == 0)
        ac_parse(ld, u);
    /* every later walk of the tree recurses: a tree too deep goes here */
    if (u->tree && !ac_check_nesting(ld->d, u->src, u->root)) {
        ts_tree_delete(u->tree);
        u->tree = NULL;
        u->root = (TSNode){0};
    }
    ld->reading =
        ac_xrealloc(ld->reading, (ld->nreading + 1) * sizeof *ld->reading);
    ld->reading[ld->nreading++] = u;
    for (size_t i = 0; i < u->pp.nah_includes; i++)
        ac_include(ld, u, u->pp.ah_includes[i]);
    ld->nreading--;
    /* the typedef names of the headers are known now */
    if (u->tree && ld->parser)
        ac_typedef_declarations(u, ld->parser);
}

static ac_unit *ac_unit_build(ac_source *src, const ac_unit_opts *opts,
                              ac_diag *d)
{
    static const ac_unit_opts no_opts = {NULL, 0};
    ac_loader ld = {opts ? opts : &no_opts, d, NULL, NULL, NULL, 0, NULL};
    int errors_before = d->errors;
    ld.root = ac_unit_new(&ld, src);
    ac_process(&ld, ld.root);
    for (size_t i = 0; i < ld.root->nloaded; i++)
        free(ld.real_paths[i]);
    free(ld.real_paths);
    free(ld.reading);
    if (ld.parser)
        ts_parser_delete(ld.parser);
    if (d->errors > errors_before) {
        ac_unit_free(ld.root);
        return NULL;
    }
    return ld.root;
}

ac_unit *ac_unit_load(const char *path, const ac_unit_opts *opts, ac_diag *d)
{
    ac_source *src = ac_source_read(path);
    return src ? ac_unit_build(src, opts, d) : NULL;
}

ac_unit *ac_unit_from_string(const char *path, const char *text,
                             const ac_unit_opts *opts, ac_diag *d)
{
    return ac_unit_build(ac_source_from_string(path, text, strlen(text)), opts,
                         d);
}

static void ac_unit_free_one(ac_unit *u)
{
    if (u->tree)
        ts_tree_delete(u->tree);
    ac_prepass_free(&u->pp);
    ac_source_free(u->src);
    free(u->includes);
    free(u);
}

void ac_unit_free(ac_unit *u)
{
    if (u == NULL)
        return;
    if (u->loaded == NULL) /* not a root: its root frees it */
        return;
    ac_unit **loaded = u->loaded;
    size_t n = u->nloaded;
    for (size_t i = 0; i < n; i++)
        ac_unit_free_one(loaded[i]);
    free(loaded);
}

size_t ac_unit_files(const ac_unit *u, const char ***paths)
{
    size_t n = u->loaded ? u->nloaded : 1;
    const char **out = ac_xmalloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = u->loaded ? u->loaded[i]->src->path : u->src->path;
    *paths = out;
    return n;
}

const char *ac_node_text(const ac_unit *u, TSNode n, size_t *len)
{
    uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
    if (start > u->src->len)
        start = (uint32_t)u->src->len;
    if (end > u->src->len)
        end = (uint32_t)u->src->len;
    if (len)
        *len = end > start ? end - start : 0;
    return u->src->text + start;
}

const ac_kw *ac_unit_kw_at(const ac_unit *u, uint32_t start)
{
    return ac_prepass_kw_at(&u->pp, start);
}
