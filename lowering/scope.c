/* scope.c - scopes and locals of a function body: declarations and
 * parameters, which locals live in the frame (their scope contains a
 * suspension point) and which stay C locals, unique frame field names,
 * the spelling of each local's type, and the translator's slots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"
#include "lowering/walker.h"
#include "lowering/ts_util.h"

static bool field_taken(const ac_lfunc *f, const char *name);
static char *unique_field(const ac_lfunc *f, const char *name);
static bool is_declarator_child(TSNode decl, uint32_t i);
static void put_specifiers(walker *w, ac_buf *b, TSNode decl, bool strip_const);
static void put_declarator(walker *w, ac_buf *b, TSNode d, TSNode ident,
                           const char *name, const char *size);
static bool storage_static(walker *w, TSNode decl);
static bool names_local(walker *w, TSNode n);
static bool is_vla(walker *w, TSNode d);
static int init_count(TSNode value);
static const char *object_kind(TSNode d);

void ac_scope_push(walker *w)
{
    GROW(w->scope_marks, w->nscopes);
    w->scope_marks[w->nscopes++] = w->nbinds;
}

void ac_scope_pop(walker *w)
{
    w->nbinds = w->scope_marks[--w->nscopes];
}

int ac_scope_lookup(walker *w, const char *name, size_t len)
{
    for (int i = w->nbinds - 1; i >= 0; i--)
        if (strlen(w->binds[i].name) == len &&
            memcmp(w->binds[i].name, name, len) == 0)
            return w->binds[i].var;
    return -1;
}

static bool field_taken(const ac_lfunc *f, const char *name)
{
    for (int i = 0; i < f->nvars; i++)
        if (f->vars[i].in_frame && strcmp(f->vars[i].cname, name) == 0)
            return true;
    return false;
}

static char *unique_field(const ac_lfunc *f, const char *name)
{
    if (!field_taken(f, name))
        return ac_xstrndup(name, strlen(name));
    size_t cap = strlen(name) + 16;
    char *s = ac_xmalloc(cap);
    for (int k = 1;; k++) {
        snprintf(s, cap, "%s_%d", name, k);
        if (!field_taken(f, s))
            return s;
    }
}

/* A frame local declared before in the same scope: C allows that only
 * in different #if branches, which must share one field. */
static int same_scope_field(walker *w, const ac_lvar *v)
{
    int first = w->nscopes ? w->scope_marks[w->nscopes - 1] : 0;
    for (int i = w->nbinds - 1; i >= first; i--) {
        const ac_lvar *old = &w->f->vars[w->binds[i].var];
        if (strcmp(old->name, v->name) == 0 && old->in_frame && !old->is_catch)
            return w->binds[i].var;
    }
    return -1;
}

int ac_add_var(walker *w, ac_lvar *v)
{
    ac_lfunc *f = w->f;
    int twin = v->in_frame && !v->is_catch ? same_scope_field(w, v) : -1;
    if (twin >= 0) {
        v->is_alias = true;
        v->cname =
            ac_xstrndup(f->vars[twin].cname, strlen(f->vars[twin].cname));
    }
    if (v->cname == NULL)
        v->cname = v->in_frame && !v->is_catch
                       ? unique_field(f, v->name)
                       : ac_xstrndup(v->name, strlen(v->name));
    v->scope = w->nscopes;
    GROW(f->vars, f->nvars);
    f->vars[f->nvars] = *v;
    GROW(w->binds, w->nbinds);
    w->binds[w->nbinds].name = f->vars[f->nvars].name;
    w->binds[w->nbinds++].var = f->nvars;
    return f->nvars++;
}

int ac_add_slot(walker *w, ac_slot_kind kind, const char *prefix,
                const char *type, int line, bool handle)
{
    ac_lfunc *f = w->f;
    char name[48];
    snprintf(name, sizeof name, "ac_%s%d", prefix, f->nslots + 1);
    GROW(f->slots, f->nslots);
    f->slots[f->nslots] =
        (ac_lslot){kind, ac_xstrndup(name, strlen(name)),
                   ac_xstrndup(type, strlen(type)), line, handle};
    return f->nslots++;
}

/* The specifiers of a declaration, without storage classes (and without
 * a top-level `const` when the object itself is assigned later). */
/* Whether child i of a declaration is one of its declarators: a
 * declarator-shaped node after the type (ts_node_field_name_for_child is
 * unreliable for repeated fields). */
static bool is_declarator_child(TSNode decl, uint32_t i)
{
    static const char *const kinds[] = {
        "init_declarator",  "identifier",          "pointer_declarator",
        "array_declarator", "function_declarator", "parenthesized_declarator"};
    TSNode type = ac_ts_field(decl, "type");
    TSNode c = ts_node_child(decl, i);
    if (ts_node_is_null(type) || ts_node_start_byte(c) < ts_node_end_byte(type))
        return false;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (ac_ts_is(c, kinds[k]))
            return true;
    return false;
}

static void put_specifiers(walker *w, ac_buf *b, TSNode decl, bool strip_const)
{
    uint32_t n = ts_node_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(decl, i);
        if (is_declarator_child(decl, i))
            break;
        if (!ts_node_is_named(c) || ac_ts_is(c, "storage_class_specifier"))
            continue;
        char *t = ac_ts_text(w->u, c);
        if (!(strip_const && ac_ts_is(c, "type_qualifier") &&
              strcmp(t, "const") == 0)) {
            if (b->len)
                ac_buf_putc(b, ' ');
            ac_buf_puts(b, t);
        }
        free(t);
    }
}

/* The declarator's text with its name replaced by `name` (or removed),
 * and `[]` sized by `size` (the initializer's) when given. */
static void put_declarator(walker *w, ac_buf *b, TSNode d, TSNode ident,
                           const char *name, const char *size)
{
    const char *text = w->u->src->text;
    uint32_t s = ts_node_start_byte(d), e = ts_node_end_byte(d);
    uint32_t is = ts_node_start_byte(ident), ie = ts_node_end_byte(ident);
    ac_buf tmp;
    ac_buf_init(&tmp);
    ac_buf_add(&tmp, text + s, is - s);
    ac_buf_puts(&tmp, name);
    ac_buf_add(&tmp, text + ie, e - ie);
    char *brackets = size ? strstr(tmp.data, "[]") : NULL;
    if (b->len && tmp.data[0] != '[' && !(name[0] == 0 && tmp.data[0] == '*'))
        ac_buf_putc(b, ' ');
    if (brackets) {
        ac_buf_add(b, tmp.data, (size_t)(brackets - tmp.data));
        ac_buf_printf(b, "[%s]", size);
        ac_buf_puts(b, brackets + 2);
    } else {
        ac_buf_puts(b, tmp.data);
    }
    ac_buf_free(&tmp);
}

static bool storage_static(walker *w, TSNode decl)
{
    uint32_t n = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(decl, i);
        if (ac_ts_is(c, "storage_class_specifier")) {
            char *t = ac_ts_text(w->u, c);
            bool st = strcmp(t, "static") == 0 || strcmp(t, "extern") == 0;
            free(t);
            if (st)
                return true;
        }
    }
    return false;
}

/* An array size naming a local makes a VLA. */
static bool names_local(walker *w, TSNode n)
{
    if (ac_ts_is(n, "identifier")) {
        const char *t = w->u->src->text + ts_node_start_byte(n);
        return ac_scope_lookup(
                   w, t, ts_node_end_byte(n) - ts_node_start_byte(n)) >= 0;
    }
    uint32_t c = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < c; i++)
        if (names_local(w, ts_node_named_child(n, i)))
            return true;
    return false;
}

static bool is_vla(walker *w, TSNode d)
{
    for (; !ts_node_is_null(d) && !ac_ts_is(d, "identifier");
         d = ac_ts_field(d, "declarator")) {
        if (ac_ts_is(d, "array_declarator")) {
            TSNode size = ac_ts_field(d, "size");
            if (!ts_node_is_null(size) && names_local(w, size))
                return true;
        }
        if (ac_ts_is(d, "parenthesized_declarator"))
            d = ts_node_named_child(d, 0);
    }
    return false;
}

static int init_count(TSNode value)
{
    if (!ac_ts_is(value, "initializer_list"))
        return 0;
    uint32_t n = ts_node_named_child_count(value), count = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(value, i);
        if (ac_ts_is(c, "initializer_pair"))
            return 0;
        if (!ac_ts_is(c, "comment"))
            count++;
    }
    return (int)count;
}

/* The declarator nearest the name (parentheses aside) decides what the
 * object is: `void *a[3]` is an array, `int (*p)[3]` a pointer. */
static const char *object_kind(TSNode d)
{
    const char *kind = "identifier";
    while (!ts_node_is_null(d) && !ac_ts_is(d, "identifier")) {
        if (!ac_ts_is(d, "parenthesized_declarator"))
            kind = ts_node_type(d);
        TSNode next = ac_ts_field(d, "declarator");
        d = ts_node_is_null(next) && ts_node_named_child_count(d)
                ? ts_node_named_child(d, 0)
                : next;
    }
    return kind;
}

/* The frame struct is at file scope: a frame local cannot have a type
 * that a typedef inside the function defines. */
static void check_local_type(walker *w, TSNode decl, bool in_frame,
                             const char *name)
{
    TSNode type = ac_ts_field(decl, "type");
    if (!in_frame || !ac_ts_is(type, "type_identifier"))
        return;
    char *t = ac_ts_text(w->u, type);
    for (int i = 0; i < w->nlocal_types; i++)
        if (strcmp(w->local_types[i], t) == 0) {
            ac_walk_error(w, ts_node_start_byte(type),
                          "'%s' has a type defined inside the resumable "
                          "function: define the type at file scope",
                          name);
            break;
        }
    free(t);
}

void ac_declare(walker *w, TSNode decl, TSNode d, TSNode value, bool in_frame,
                bool is_param)
{
    TSNode ident = ac_ts_declarator_name(d);
    if (ts_node_is_null(ident))
        return;
    /* `int f(int);` inside a body declares a function, not a local (but
     * `int (*fp)(int)` is a pointer) */
    if (strcmp(object_kind(d), "function_declarator") == 0)
        return;
    ac_lvar v = {0};
    v.name = ac_ts_text(w->u, ident);
    check_local_type(w, decl, in_frame && w->resumable, v.name);
    v.at = ts_node_start_byte(ident);
    v.line = ac_line_of(w->u, v.at);
    v.is_param = is_param;
    v.in_frame = in_frame && w->resumable && !storage_static(w, decl);
    const char *kind = object_kind(d);
    v.is_array = strcmp(kind, "array_declarator") == 0;
    if (v.in_frame && is_vla(w, d))
        ac_walk_error(w, v.at,
                      "variable-length array '%s' cannot live in a resumable "
                      "function's frame",
                      v.name);
    char *dtext = ac_ts_text(w->u, d);
    bool unsized = strstr(dtext, "[]") != NULL;
    free(dtext);
    /* `T a[] = {...}` / `char s[] = "..."`: the frame field needs the size
     * the initializer gives */
    char *size = NULL;
    if (v.is_array && unsized && init_count(value) > 0) {
        size = ac_xmalloc(16);
        snprintf(size, 16, "%d", init_count(value));
    } else if (v.is_array && unsized &&
               (ac_ts_is(value, "string_literal") ||
                ac_ts_is(value, "concatenated_string"))) {
        char *lit = ac_ts_text(w->u, value);
        size = ac_xmalloc(strlen(lit) + 16);
        sprintf(size, "sizeof %s", lit);
        free(lit);
    }
    if (v.in_frame && v.is_array && unsized && !size && !is_param)
        ac_walk_error(w, v.at,
                      "array '%s' in a resumable function's frame needs a size",
                      v.name);
    bool strip = strcmp(kind, "pointer_declarator") != 0;
    ac_buf b;
    ac_buf_init(&b);
    put_specifiers(w, &b, decl, strip && !is_param);
    ac_buf tn;
    ac_buf_init(&tn);
    ac_buf_puts(&tn, b.data ? b.data : "");
    int vi = ac_add_var(w, &v);
    if (is_param && v.is_array) {
        /* a parameter array is a pointer */
        ac_buf_printf(&b, " *%s", w->f->vars[vi].cname);
    } else {
        put_declarator(w, &b, d, ident, w->f->vars[vi].cname, size);
    }
    put_declarator(w, &tn, d, ident, "", size);
    if (!ts_node_is_null(value) && !is_param) {
        ac_buf tmp;
        ac_buf_init(&tmp);
        put_specifiers(w, &tmp, decl, false);
        put_declarator(w, &tmp, d, ident, "ac_tmp", NULL);
        w->f->vars[vi].tmp_decl = ac_buf_steal(&tmp);
    }
    while (tn.len && tn.data[tn.len - 1] == ' ')
        tn.data[--tn.len] = 0;
    free(size);
    w->f->vars[vi].decl = ac_buf_steal(&b);
    w->f->vars[vi].type_name = ac_buf_steal(&tn);
}

bool ac_scope_suspends(walker *w, TSNode scope)
{
    return w->resumable && ac_has_suspension(w->u, ts_node_start_byte(scope),
                                             ts_node_end_byte(scope));
}

void ac_on_declaration(walker *w, TSNode decl, TSNode scope)
{
    bool in_frame = ac_scope_suspends(w, scope);
    uint32_t n = ts_node_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(decl, i);
        if (!is_declarator_child(decl, i)) {
            if (ts_node_is_named(c) && !ac_ts_is(c, "storage_class_specifier"))
                ac_walk(w, c); /* a struct body or typeof may name locals */
            continue;
        }
        if (ac_ts_is(c, "init_declarator")) {
            TSNode d = ac_ts_field(c, "declarator");
            TSNode value = ac_ts_field(c, "value");
            ac_declare(w, decl, d, value, in_frame, false);
            ac_walk(w, value);
        } else {
            ac_declare(w, decl, c, (TSNode){0}, in_frame, false);
        }
    }
}

void ac_declare_params(walker *w, TSNode fd)
{
    TSNode params = ac_ts_field(fd, "parameters");
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (!ac_ts_is(p, "parameter_declaration"))
            continue;
        TSNode d = ac_ts_field(p, "declarator");
        if (!ts_node_is_null(d))
            ac_declare(w, p, d, (TSNode){0}, true, true);
    }
}
