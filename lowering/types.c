/* types.c - types declared inside a resumable body, and how the output
 * spells what the body names.
 *
 * A resumable function's locals live in a frame struct at file scope, so
 * every type they use must be visible there.  As CIL does, each type the
 * body declares (a struct, union or enum with a body, a typedef) is
 * hoisted to file scope under a name unique to the function
 * (`struct pair` in g becomes `struct g__pair`, its enumerators and
 * typedef names `g__NAME`), and each use the body makes of it is renamed.
 * Scopes are C's: a local tag or typedef name shadows a file-scope one
 * from its declaration to the end of its block, and the same name in two
 * blocks gives two types.
 *
 * ac_render spells a span of the body with those renames applied, for the
 * declarations the frame struct and the resume function hold. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lowering/ts_util.h"
#include "lowering/walker.h"

void ac_add_rename(walker *w, uint32_t at, uint32_t end, const char *to)
{
    ac_lfunc *f = w->f;
    GROW(f->renames, f->nrenames);
    f->renames[f->nrenames++] =
        (ac_lrename){at, end, ac_xstrndup(to, strlen(to))};
}

static bool name_used(walker *w, const char *name)
{
    for (int i = 0; i < w->npool; i++)
        if (strcmp(w->pool[i], name) == 0)
            return true;
    return false;
}

/* "F__base", or "F__base_N" when the function declares base twice. */
static char *unique_name(walker *w, const char *base)
{
    size_t cap = strlen(w->f->name) + strlen(base) + 24;
    char *s = ac_xmalloc(cap);
    snprintf(s, cap, "%s__%s", w->f->name, base);
    for (int k = 1; name_used(w, s); k++)
        snprintf(s, cap, "%s__%s_%d", w->f->name, base, k);
    return s;
}

static void add_type(walker *w, uint32_t at, char *text)
{
    ac_lfunc *f = w->f;
    GROW(f->types, f->ntypes);
    f->types[f->ntypes++] = (ac_ltype){at, text};
}

static const char *tag_keyword(TSNode n)
{
    const char *t = ts_node_type(n);
    return strncmp(t, "struct", 6) == 0  ? "struct"
           : strncmp(t, "union", 5) == 0 ? "union"
                                         : "enum";
}

/* A specifier that is a statement of its own in a block. */
static bool standalone(walker *w, TSNode n)
{
    return ac_ts_is(ac_walk_parent(w, n), "compound_statement");
}

/* `struct T;` alone in a block declares a new, incomplete local type:
 * hoisted as `struct F__T;`, the statement spanning [at, end) spelled
 * `to`. */
static void on_tag_forward(walker *w, TSNode spec, TSNode name, uint32_t at,
                           uint32_t end, const char *to)
{
    char *text = ac_ts_text(w->u, name);
    char *tag = unique_name(w, text);
    ac_scope_bind(w, text, B_TAG, tag);
    ac_buf b;
    ac_buf_init(&b);
    ac_buf_printf(&b, "%s %s;", tag_keyword(spec), tag);
    add_type(w, at, ac_buf_steal(&b));
    ac_add_rename(w, at, end, to);
    free(text);
    free(tag);
}

/* A reference to a tag (`struct pair` without a body) names the local
 * type when one is in scope. */
static void on_tag_use(walker *w, TSNode name)
{
    if (ts_node_is_null(name))
        return;
    TSNode spec = ac_walk_parent(w, name);
    if (standalone(w, spec) && !ac_ts_is(spec, "enum_specifier")) {
        /* tree-sitter-c reads it as a bare specifier before its `;` */
        on_tag_forward(w, spec, name, ts_node_start_byte(spec),
                       ts_node_end_byte(spec), "");
        return;
    }
    const char *t = w->u->src->text + ts_node_start_byte(name);
    const binding *b = ac_scope_find(
        w, t, ts_node_end_byte(name) - ts_node_start_byte(name), true);
    if (b)
        ac_add_rename(w, ts_node_start_byte(name), ts_node_end_byte(name),
                      b->to);
}

/* Enumerators are in scope from the end of their own definition. */
static void on_enumerators(walker *w, TSNode list)
{
    uint32_t n = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < n; i++) {
        TSNode e = ts_node_named_child(list, i);
        if (!ac_ts_is(e, "enumerator")) {
            ac_walk(w, e);
            continue;
        }
        TSNode name = ac_ts_field(e, "name");
        ac_walk(w, ac_ts_field(e, "value"));
        char *text = ac_ts_text(w->u, name);
        char *to = unique_name(w, text);
        ac_scope_bind(w, text, B_NAME, to);
        ac_add_rename(w, ts_node_start_byte(name), ts_node_end_byte(name), to);
        free(text);
        free(to);
    }
}

/* The tag declared in the innermost block under name, or NULL. */
static const binding *tag_in_this_scope(walker *w, const char *name)
{
    return ac_scope_find_here(w, name, true);
}

/* `struct T { ... }` (or union, enum; T may be absent): hoisted as
 * `struct F__T { ... };`, the specifier spelled `struct F__T`. */
static void on_tag_definition(walker *w, TSNode n, TSNode name, TSNode body)
{
    const char *kw = tag_keyword(n);
    char base[32], *text = NULL;
    if (ts_node_is_null(name))
        snprintf(base, sizeof base, "%s%d", kw, ++w->nanon);
    else
        text = ac_ts_text(w->u, name);
    /* `struct node;` before it in the same block: this completes that type */
    const binding *declared = text ? tag_in_this_scope(w, text) : NULL;
    char *tag = declared ? ac_xstrndup(declared->to, strlen(declared->to))
                         : unique_name(w, text ? text : base);
    if (text && !declared) /* in scope in its own body: `struct node *next;` */
        ac_scope_bind(w, text, B_TAG, tag);
    if (strcmp(kw, "enum") == 0)
        on_enumerators(w, body);
    else
        ac_walk(w, body);
    ac_buf b;
    ac_buf_init(&b);
    ac_buf_printf(&b, "%s %s ", kw, tag);
    ac_render(w, &b, ts_node_start_byte(body), ts_node_end_byte(body),
              AC_RENDER_FILE);
    ac_buf_puts(&b, ";");
    add_type(w, ts_node_start_byte(n), ac_buf_steal(&b));
    char spelled[300];
    snprintf(spelled, sizeof spelled, "%s %s", kw, tag);
    /* `struct pair { ... };` alone in a block (tree-sitter-c reads it as
     * a bare specifier before a `;`): only the `;` stays, since `struct
     * g__pair;` there would declare a new, incomplete type */
    ac_add_rename(w, ts_node_start_byte(n), ts_node_end_byte(n),
                  standalone(w, n) ? "" : spelled);
    free(text);
    free(tag);
}

/* The type_identifier a typedef declarator declares. */
static TSNode typedef_name(TSNode d)
{
    while (!ts_node_is_null(d) && !ac_ts_is(d, "type_identifier")) {
        TSNode next = ac_ts_field(d, "declarator");
        if (ts_node_is_null(next) && ts_node_named_child_count(d))
            next = ts_node_named_child(d, 0);
        d = next;
    }
    return d;
}

/* `typedef T NAME, *PNAME;`: hoisted whole with its names renamed; the
 * body keeps an empty statement. */
static void on_typedef(walker *w, TSNode n)
{
    uint32_t count = ts_node_named_child_count(n);
    TSNode type = ac_ts_field(n, "type");
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (ts_node_start_byte(c) <= ts_node_start_byte(type) ||
            ac_ts_is(c, "type_qualifier")) {
            ac_walk(w, c);
            continue;
        }
        TSNode name = typedef_name(c);
        if (ts_node_is_null(name))
            continue;
        ac_walk_declarator(w, c);
        char *text = ac_ts_text(w->u, name);
        char *to = unique_name(w, text);
        ac_add_rename(w, ts_node_start_byte(name), ts_node_end_byte(name), to);
        ac_scope_bind(w, text, B_NAME, to);
        free(text);
        free(to);
    }
    ac_buf b;
    ac_buf_init(&b);
    ac_render(w, &b, ts_node_start_byte(n), ts_node_end_byte(n),
              AC_RENDER_FILE);
    add_type(w, ts_node_start_byte(n), ac_buf_steal(&b));
    ac_add_rename(w, ts_node_start_byte(n), ts_node_end_byte(n), ";");
}

/* A use of a typedef name: the local one when in scope. */
static void on_type_name(walker *w, TSNode n)
{
    const char *t = w->u->src->text + ts_node_start_byte(n);
    const binding *b = ac_scope_find(
        w, t, ts_node_end_byte(n) - ts_node_start_byte(n), false);
    if (b && b->kind == B_NAME)
        ac_add_rename(w, ts_node_start_byte(n), ts_node_end_byte(n), b->to);
}

/* A typedef name the front end masked as a built-in type of the same
 * length (frontend/typedefs.c), perhaps over the indentation before it. */
static void on_masked_type_name(walker *w, TSNode n)
{
    const char *t = w->u->src->text;
    uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
    while (a < z && (t[a] == ' ' || t[a] == '\t'))
        a++;
    if (a == z || isdigit((unsigned char)t[a]))
        return;
    for (uint32_t i = a; i < z; i++)
        if (!(t[i] == '_' || isalnum((unsigned char)t[i])))
            return;
    const binding *b = ac_scope_find(w, t + a, z - a, false);
    if (b && b->kind == B_NAME)
        ac_add_rename(w, ts_node_start_byte(n), z, b->to);
}

bool ac_on_type(walker *w, TSNode n)
{
    if (!w->resumable)
        return false;
    const char *t = ts_node_type(n);
    if (strcmp(t, "type_identifier") == 0) {
        on_type_name(w, n);
        return true;
    }
    if (strcmp(t, "primitive_type") == 0 ||
        strcmp(t, "sized_type_specifier") == 0) {
        on_masked_type_name(w, n);
        return true;
    }
    if (strcmp(t, "type_definition") == 0) {
        on_typedef(w, n);
        return true;
    }
    if (strcmp(t, "struct_specifier") != 0 &&
        strcmp(t, "union_specifier") != 0 && strcmp(t, "enum_specifier") != 0)
        return false;
    TSNode name = ac_ts_field(n, "name"), body = ac_ts_field(n, "body");
    if (ts_node_is_null(body))
        on_tag_use(w, name);
    else
        on_tag_definition(w, n, name, body);
    return true;
}

/* `struct T;` alone in a block declares a new (incomplete) local type. */
bool ac_on_tag_declaration(walker *w, TSNode decl)
{
    TSNode type = ac_ts_field(decl, "type");
    if (!w->resumable || ts_node_named_child_count(decl) != 1 ||
        !ts_node_is_null(ac_ts_field(type, "body")) ||
        ts_node_is_null(ac_ts_field(type, "name")) ||
        !(ac_ts_is(type, "struct_specifier") ||
          ac_ts_is(type, "union_specifier")))
        return false;
    on_tag_forward(w, type, ac_ts_field(type, "name"), ts_node_start_byte(decl),
                   ts_node_end_byte(decl), ";");
    return true;
}

/* What a declarator refers to besides the name it declares: array sizes,
 * and the types of a function declarator's parameters. */
void ac_walk_declarator(walker *w, TSNode d)
{
    while (!ts_node_is_null(d) && !ac_ts_is(d, "identifier") &&
           !ac_ts_is(d, "type_identifier") &&
           !ac_ts_is(d, "field_identifier")) {
        if (ac_ts_is(d, "array_declarator")) {
            ac_walk(w, ac_ts_field(d, "size"));
        } else if (ac_ts_is(d, "function_declarator")) {
            TSNode params = ac_ts_field(d, "parameters");
            uint32_t n = ts_node_named_child_count(params);
            for (uint32_t i = 0; i < n; i++) {
                TSNode p = ts_node_named_child(params, i);
                ac_walk(w, ac_ts_field(p, "type"));
                ac_walk_declarator(w, ac_ts_field(p, "declarator"));
            }
        } else if (!ac_ts_is(d, "pointer_declarator") &&
                   !ac_ts_is(d, "parenthesized_declarator") &&
                   !ac_ts_is(d, "init_declarator")) {
            ac_walk(w, d); /* abstract declarators and the like */
            return;
        }
        TSNode next = ac_ts_field(d, "declarator");
        if (ts_node_is_null(next) && ts_node_named_child_count(d))
            next = ts_node_named_child(d, 0);
        d = next;
    }
}

/* ---- rendering ------------------------------------------------------ */

typedef struct edit {
    uint32_t at, end;
    const char *to;
    char *owned;
} edit;

static int edit_cmp(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    /* insertions first, then the outermost span */
    bool xi = x->at == x->end, yi = y->at == y->end;
    if (xi != yi)
        return xi ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

static void push_edit(edit **v, int *n, uint32_t at, uint32_t end,
                      const char *to, char *owned)
{
    *v = ac_xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
    (*v)[(*n)++] = (edit){at, end, to, owned};
}

/* How a local is spelled: in the resume function through the frame; at
 * file scope (only ever under sizeof) as an object of its type. */
static char *spell_var(walker *w, int vi, ac_render_mode mode)
{
    const ac_lvar *v = &w->f->vars[vi];
    ac_buf b;
    ac_buf_init(&b);
    if (mode == AC_RENDER_BODY)
        ac_buf_printf(&b, v->in_frame ? "ac_fr->%s" : "%s", v->cname);
    else
        ac_buf_printf(&b, "(*(%s)0)", v->ptr_type ? v->ptr_type : "int *");
    return ac_buf_steal(&b);
}

void ac_render_edits(walker *w, ac_buf *b, uint32_t start, uint32_t end,
                     ac_render_mode mode, const ac_redit *extra, int nextra)
{
    const ac_lfunc *f = w->f;
    edit *v = NULL;
    int n = 0;
    for (int i = 0; i < nextra; i++)
        push_edit(&v, &n, extra[i].at, extra[i].end, extra[i].to, NULL);
    for (int i = 0; i < f->nrenames; i++)
        if (f->renames[i].at >= start && f->renames[i].end <= end)
            push_edit(&v, &n, f->renames[i].at, f->renames[i].end,
                      f->renames[i].to, NULL);
    int lo = 0, hi = f->nrefs; /* refs are sorted by at (body.c) */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (f->refs[mid].at < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < f->nrefs && f->refs[i].at < end; i++) {
        const ac_lref *r = &f->refs[i];
        char *s = spell_var(w, r->var, mode);
        push_edit(&v, &n, r->at,
                  r->at + (uint32_t)strlen(f->vars[r->var].name), s, s);
    }
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, edit_cmp);
    const char *text = w->u->src->text;
    uint32_t pos = start;
    for (int i = 0; i < n; i++) {
        if (v[i].at < pos)
            continue; /* inside a span already replaced */
        ac_buf_add(b, text + pos, v[i].at - pos);
        ac_buf_puts(b, v[i].to);
        pos = v[i].end;
    }
    if (pos < end)
        ac_buf_add(b, text + pos, end - pos);
    for (int i = 0; i < n; i++)
        free(v[i].owned);
    free(v);
}

void ac_render(walker *w, ac_buf *b, uint32_t start, uint32_t end,
               ac_render_mode mode)
{
    ac_render_edits(w, b, start, end, mode, NULL, 0);
}
