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

static char *unique_field(walker *w, const char *name);

void ac_scope_push(walker *w)
{
    GROW(w->scope_marks, w->nscopes);
    w->scope_marks[w->nscopes++] = w->nbinds;
}

static ac_strmap *space(walker *w, bkind kind)
{
    return kind == B_TAG ? &w->tags : &w->names;
}

/* The scope's names stop hiding the ones they hid. */
void ac_scope_pop(walker *w)
{
    int first = w->scope_marks[--w->nscopes];
    while (w->nbinds > first) {
        const binding *b = &w->binds[--w->nbinds];
        ac_strmap_put(space(w, b->kind), b->name, b->hides);
    }
}

/* Lookups go through the maps: a scan of the bindings in scope made each
 * identifier cost as much as the locals declared before it. */
static int innermost(walker *w, const char *name, size_t len, bool tag)
{
    ac_strmap_entry *e = ac_strmap_getn(tag ? &w->tags : &w->names, name, len);
    return e ? e->value : -1;
}

const binding *ac_scope_find(walker *w, const char *name, size_t len,
                             bool tag)
{
    int i = innermost(w, name, len, tag);
    return i >= 0 ? &w->binds[i] : NULL;
}

/* The innermost binding of name declared in the innermost scope, or
 * NULL. */
const binding *ac_scope_find_here(walker *w, const char *name, bool tag)
{
    int first = w->nscopes ? w->scope_marks[w->nscopes - 1] : 0;
    int i = innermost(w, name, strlen(name), tag);
    return i >= first ? &w->binds[i] : NULL;
}

/* The local an identifier names, or -1 (a file-scope name, or a local
 * typedef name or enumerator). */
int ac_scope_lookup(walker *w, const char *name, size_t len)
{
    const binding *b = ac_scope_find(w, name, len, false);
    return b && b->kind == B_VAR ? b->var : -1;
}

static const char *pooled(walker *w, const char *s)
{
    GROW(w->pool, w->npool);
    return w->pool[w->npool++] = ac_xstrndup(s, strlen(s));
}

/* b (its name outliving the walk) hides the binding of its name in
 * scope until its own scope ends. */
static void bind(walker *w, binding b)
{
    ac_strmap *m = space(w, b.kind);
    ac_strmap_entry *e = ac_strmap_get(m, b.name);
    b.hides = e ? e->value : -1;
    GROW(w->binds, w->nbinds);
    w->binds[w->nbinds] = b;
    ac_strmap_put(m, b.name, w->nbinds++);
}

void ac_scope_bind(walker *w, const char *name, bkind kind, const char *to)
{
    bind(w, (binding){pooled(w, name), -1, kind, pooled(w, to), -1});
}

/* name, or name_K for the first K (from 1) that no frame field has. */
static char *unique_field(walker *w, const char *name)
{
    ac_strmap_entry *e = ac_strmap_get(&w->fields, name);
    if (e == NULL)
        return ac_xstrndup(name, strlen(name));
    /* names are never given back: the suffixes below e->value are taken */
    size_t cap = strlen(name) + 16;
    char *s = ac_xmalloc(cap);
    for (int k = e->value;; k++) {
        snprintf(s, cap, "%s_%d", name, k);
        if (ac_strmap_get(&w->fields, s) == NULL) {
            e->value = k + 1;
            return s;
        }
    }
}

/* A frame local declared before in the same scope: C allows that only
 * in different #if branches, which must share one field.  The bindings
 * of the name in this scope, latest first. */
static int same_scope_field(walker *w, const ac_lvar *v)
{
    int first = w->nscopes ? w->scope_marks[w->nscopes - 1] : 0;
    for (int i = innermost(w, v->name, strlen(v->name), false); i >= first;
         i = w->binds[i].hides) {
        if (w->binds[i].kind != B_VAR)
            continue;
        const ac_lvar *old = &w->f->vars[w->binds[i].var];
        if (old->in_frame && !old->is_catch)
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
    if (v->cname == NULL) {
        /* the translator's own names (ac_fr, ac_f, ac_yv, ac_tmp, slots)
         * all start with ac_: a user's ac_x is spelled ac_u_ac_x */
        ac_buf name;
        ac_buf_init(&name);
        if (strncmp(v->name, "ac_", 3) == 0)
            ac_buf_puts(&name, "ac_u_");
        ac_buf_puts(&name, v->name);
        v->cname = v->in_frame && !v->is_catch
                       ? unique_field(w, name.data)
                       : ac_xstrndup(name.data, name.len);
        ac_buf_free(&name);
    }
    v->scope = w->nscopes;
    GROW(f->vars, f->nvars);
    f->vars[f->nvars] = *v;
    const char *field = f->vars[f->nvars].cname;
    if (v->in_frame && ac_strmap_get(&w->fields, field) == NULL)
        ac_strmap_put(&w->fields, field, 1);
    bind(w, (binding){f->vars[f->nvars].name, f->nvars, B_VAR, NULL, -1});
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

bool ac_scope_suspends(walker *w, TSNode scope)
{
    return w->resumable && ac_has_suspension(w->u, ts_node_start_byte(scope),
                                             ts_node_end_byte(scope));
}

void ac_on_declaration(walker *w, TSNode decl, TSNode scope)
{
    if (ac_on_tag_declaration(w, decl))
        return;
    bool in_frame = ac_scope_suspends(w, scope);
    uint32_t n = ts_node_child_count(decl);
    bool declares = false;
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(decl, i);
        if (!ac_is_declarator_child(decl, i)) {
            if (ts_node_is_named(c) && !ac_ts_is(c, "storage_class_specifier"))
                ac_walk(w, c); /* a struct body or typeof may name locals */
            continue;
        }
        declares = true;
        TSNode d = ac_ts_is(c, "init_declarator") ? ac_ts_field(c, "declarator")
                                                 : c;
        TSNode value = ac_ts_is(c, "init_declarator") ? ac_ts_field(c, "value")
                                                     : (TSNode){0};
        ac_walk_declarator(w, d);
        ac_declare(w, decl, d, value, in_frame, false);
        ac_walk(w, value);
    }
    /* `struct pair { ... };` alone: the type went to file scope */
    TSNode type = ac_ts_field(decl, "type");
    if (!declares && w->resumable &&
        !ts_node_is_null(ac_ts_field(type, "body")))
        ac_add_rename(w, ts_node_start_byte(decl), ts_node_end_byte(decl), ";");
}

void ac_declare_params(walker *w, TSNode fd)
{
    TSNode params = ac_ts_field(fd, "parameters");
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (ac_ts_is(p, "variadic_parameter") && w->resumable)
            ac_walk_error(w, ts_node_start_byte(p), "%s",
                          "a resumable function cannot be variadic: its "
                          "arguments would not outlive the call that makes "
                          "the frame; pass a va_list or an array instead");
        if (!ac_ts_is(p, "parameter_declaration"))
            continue;
        TSNode d = ac_ts_field(p, "declarator");
        if (!ts_node_is_null(d))
            ac_declare(w, p, d, (TSNode){0}, true, true);
    }
}
