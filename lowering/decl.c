/* decl.c - a local's declaration as the output spells it.
 *
 * A local that moves to the frame keeps its declared type exactly: the
 * qualifiers inside it, typedef names and local types (renamed as
 * types.c hoists them), and array sizes; only what the move requires
 * changes:
 *   - `[]` takes its size from the initializer (`char s[] = "abc"`);
 *   - a top-level `const` goes, since the field is assigned later;
 *   - a parameter adjusts as C adjusts it (`char *argv[]` is `char
 *     **argv`, `int f(int)` is `int (*f)(int)`);
 *   - an array whose size is not a constant expression is a VLA, which
 *     a frame cannot hold (an error). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lowering/ts_util.h"
#include "lowering/walker.h"

#define AC_MAX_DECLARATOR_DEPTH 64

/* The declarators from the outermost down to the name, e.g. for
 * `*a[3]`: pointer_declarator, array_declarator; ident is `a`. */
typedef struct chain {
    TSNode n[AC_MAX_DECLARATOR_DEPTH];
    int len;
    TSNode ident;
} chain;

static void declarator_chain(TSNode d, chain *c)
{
    c->len = 0;
    while (!ts_node_is_null(d) && !ac_ts_is(d, "identifier") &&
           c->len < AC_MAX_DECLARATOR_DEPTH) {
        c->n[c->len++] = d;
        TSNode next = ac_ts_field(d, "declarator");
        if (ts_node_is_null(next) && ts_node_named_child_count(d))
            next = ts_node_named_child(d, 0);
        d = next;
    }
    c->ident = d;
}

/* The declarator nearest the name, parentheses aside: it says what the
 * object is (`void *a[3]` is an array, `int (*p)[3]` a pointer). */
static int nearest(const chain *c)
{
    for (int i = c->len - 1; i >= 0; i--)
        if (!ac_ts_is(c->n[i], "parenthesized_declarator"))
            return i;
    return -1;
}

static const char *kind_of(const chain *c)
{
    int i = nearest(c);
    return i < 0 ? "identifier" : ts_node_type(c->n[i]);
}

/* Whether child i of a declaration is one of its declarators: a
 * declarator-shaped node after the type (ts_node_field_name_for_child is
 * unreliable for repeated fields). */
bool ac_is_declarator_child(TSNode decl, uint32_t i)
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

static bool is_text(walker *w, TSNode n, const char *s)
{
    size_t len = ts_node_end_byte(n) - ts_node_start_byte(n);
    return strlen(s) == len &&
           memcmp(w->u->src->text + ts_node_start_byte(n), s, len) == 0;
}

/* ---- constant expressions ------------------------------------------- */

/* Whether an array size is an integer constant expression (C99 6.6), as
 * far as the translator can tell: names of locals and of the file's
 * objects (a `static const int` too) and calls make it a VLA; names it
 * does not know (macros, enumerators of other headers) do not. */
static bool is_constant(walker *w, TSNode n)
{
    const char *t = ts_node_type(n);
    if (strcmp(t, "number_literal") == 0 || strcmp(t, "char_literal") == 0 ||
        strcmp(t, "sizeof_expression") == 0 ||
        strcmp(t, "alignof_expression") == 0 ||
        strcmp(t, "offsetof_expression") == 0 || strcmp(t, "true") == 0 ||
        strcmp(t, "false") == 0 || strcmp(t, "comment") == 0)
        return true;
    if (strcmp(t, "identifier") == 0) {
        const char *s = w->u->src->text + ts_node_start_byte(n);
        size_t len = ts_node_end_byte(n) - ts_node_start_byte(n);
        const binding *b = ac_scope_find(w, s, len, false);
        if (b)
            return b->kind == B_NAME;
        return !ac_lunit_is_object(w->lu, s, len);
    }
    if (strcmp(t, "call_expression") == 0)
        return is_text(w, ac_ts_field(n, "function"), "offsetof");
    if (strcmp(t, "cast_expression") == 0)
        return is_constant(w, ac_ts_field(n, "value"));
    if (strcmp(t, "parenthesized_expression") != 0 &&
        strcmp(t, "unary_expression") != 0 &&
        strcmp(t, "binary_expression") != 0 &&
        strcmp(t, "conditional_expression") != 0)
        return false;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (!is_constant(w, ts_node_named_child(n, i)))
            return false;
    return true;
}

/* A size that is not constant, in any array of the declarator (a pointer
 * to a VLA is variably modified too); skip: the declarator adjusted away. */
static bool is_vla(walker *w, const chain *c, int skip)
{
    for (int i = 0; i < c->len; i++) {
        if (i == skip || !ac_ts_is(c->n[i], "array_declarator"))
            continue;
        TSNode size = ac_ts_field(c->n[i], "size");
        if (!ts_node_is_null(size) && !is_text(w, size, "*") &&
            !is_constant(w, size))
            return true;
    }
    return false;
}

/* ---- sizes from initializers ---------------------------------------- */

static bool is_string(TSNode n)
{
    while (ac_ts_is(n, "parenthesized_expression"))
        n = ts_node_named_child(n, 0);
    return ac_ts_is(n, "string_literal") ||
           ac_ts_is(n, "concatenated_string");
}

static void put_string_size(walker *w, ac_buf *b, TSNode lit)
{
    char *t = ac_ts_text(w->u, lit);
    if (t[0] == '"' || t[0] == '(')
        ac_buf_printf(b, "sizeof %s", t);
    else /* L"", u"", U"": in elements, not bytes */
        ac_buf_printf(b, "sizeof %s / sizeof *%s", t, t);
    free(t);
}

/* The initializer with every value 0 but strings, which size arrays of
 * char: what remains are the braces and designators that give the
 * array its length, all constant. */
static void put_shape(walker *w, ac_buf *b, TSNode n)
{
    if (is_string(n)) {
        char *t = ac_ts_text(w->u, n);
        ac_buf_puts(b, t);
        free(t);
        return;
    }
    if (!ac_ts_is(n, "initializer_list")) {
        ac_buf_puts(b, "0");
        return;
    }
    ac_buf_puts(b, "{");
    uint32_t count = ts_node_named_child_count(n);
    bool first = true;
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (ac_ts_is(c, "comment"))
            continue;
        if (!first)
            ac_buf_puts(b, ", ");
        first = false;
        if (ac_ts_is(c, "initializer_pair")) {
            TSNode value = ac_ts_field(c, "value");
            ac_render(w, b, ts_node_start_byte(c), ts_node_start_byte(value),
                      AC_RENDER_FILE);
            put_shape(w, b, value);
        } else {
            put_shape(w, b, c);
        }
    }
    ac_buf_puts(b, "}");
}

/* The items of a brace initializer when each gives one element: no
 * designators, and either all braced or elements that are scalars. */
static int simple_count(TSNode list, bool scalar)
{
    uint32_t count = ts_node_named_child_count(list);
    int items = 0;
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(list, i);
        if (ac_ts_is(c, "comment"))
            continue;
        if (ac_ts_is(c, "initializer_pair") ||
            (!scalar && !ac_ts_is(c, "initializer_list")))
            return -1;
        items++;
    }
    return items;
}

/* Whether the elements of the unsized array c->n[arr] are scalars. */
static bool scalar_elements(TSNode decl, const chain *c, int arr)
{
    for (int i = arr - 1; i >= 0; i--) {
        if (ac_ts_is(c->n[i], "pointer_declarator"))
            return true;
        if (!ac_ts_is(c->n[i], "parenthesized_declarator"))
            return false;
    }
    TSNode type = ac_ts_field(decl, "type");
    return ac_ts_is(type, "primitive_type") ||
           ac_ts_is(type, "sized_type_specifier") ||
           ac_ts_is(type, "enum_specifier");
}

/* ---- spelling ------------------------------------------------------- */

typedef struct spelling {
    const char *name;  /* in place of the declared name */
    const char *size;  /* for the `[]` of c->n[unsized], or NULL */
    int unsized;       /* index in the chain, or -1 */
    bool strip_const;  /* drop top-level const */
    bool adjust;       /* a parameter: array/function -> pointer */
    bool element;      /* the element type: drop the unsized `[]` */
    ac_render_mode mode;
} spelling;

static void put_specifiers(walker *w, ac_buf *b, TSNode decl, bool strip,
                           ac_render_mode mode)
{
    uint32_t n = ts_node_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(decl, i);
        if (ac_is_declarator_child(decl, i))
            break;
        if (!ts_node_is_named(c) || ac_ts_is(c, "storage_class_specifier") ||
            (strip && ac_ts_is(c, "type_qualifier") && is_text(w, c, "const")))
            continue;
        if (ac_ts_is(c, "identifier") ||
            ts_node_start_byte(c) >= ts_node_end_byte(decl))
            break; /* a parameter's name with no declarator around it */
        if (b->len)
            ac_buf_putc(b, ' ');
        /* a typedef name the front end masked as a built-in type may
         * start in the blanks before it (frontend/typedefs.c) */
        ac_buf spec;
        ac_buf_init(&spec);
        ac_render(w, &spec, ts_node_start_byte(c), ts_node_end_byte(c), mode);
        const char *text = spec.data ? spec.data : "";
        ac_buf_puts(b, text + strspn(text, " \t"));
        ac_buf_free(&spec);
    }
}

/* The pointer declarator whose qualifiers are the object's own. */
static int top_pointer(const chain *c)
{
    for (int i = c->len - 1; i >= 0; i--) {
        if (ac_ts_is(c->n[i], "pointer_declarator"))
            return i;
        if (ac_ts_is(c->n[i], "function_declarator"))
            return -1;
    }
    return -1;
}

static bool has_pointer_or_function(const chain *c)
{
    for (int i = 0; i < c->len; i++)
        if (ac_ts_is(c->n[i], "pointer_declarator") ||
            ac_ts_is(c->n[i], "function_declarator"))
            return true;
    return false;
}

#define AC_MAX_EDITS 16

static void spell(walker *w, ac_buf *b, TSNode decl, TSNode d, const chain *c,
                  const spelling *s)
{
    ac_redit ed[AC_MAX_EDITS];
    int ne = 0;
    char named[512];
    int near = nearest(c);
    uint32_t is = ts_node_start_byte(c->ident), ie = ts_node_end_byte(c->ident);
    if (s->adjust && near >= 0 &&
        (ac_ts_is(c->n[near], "array_declarator") ||
         ac_ts_is(c->n[near], "function_declarator"))) {
        snprintf(named, sizeof named, "(*%s)", s->name);
        ed[ne++] = (ac_redit){is, ie, named};
        if (ac_ts_is(c->n[near], "array_declarator")) {
            TSNode inner = ac_ts_field(c->n[near], "declarator");
            ed[ne++] = (ac_redit){ts_node_end_byte(inner),
                                  ts_node_end_byte(c->n[near]), ""};
        }
    } else {
        ed[ne++] = (ac_redit){is, ie, s->name};
    }
    /* `T (x)` is `T x`: the parentheses go (tcc misreads `T ((*p))[2]`,
     * which a debugger's reference to `T (y)[2]` would become) */
    if (c->len > 0 && ac_ts_is(c->n[c->len - 1], "parenthesized_declarator")) {
        TSNode p = c->n[c->len - 1];
        ed[ne++] = (ac_redit){ts_node_start_byte(p), is, ""};
        ed[ne++] = (ac_redit){ie, ts_node_end_byte(p), ""};
    }
    if (s->unsized >= 0) {
        TSNode arr = c->n[s->unsized];
        TSNode inner = ac_ts_field(arr, "declarator");
        uint32_t close = ts_node_end_byte(arr) - 1; /* the `]` */
        if (s->element)
            ed[ne++] = (ac_redit){ts_node_end_byte(inner),
                                  ts_node_end_byte(arr), ""};
        else if (s->size)
            ed[ne++] = (ac_redit){close, close, s->size};
    }
    int top = top_pointer(c);
    if (s->strip_const && top >= 0) {
        uint32_t n = ts_node_named_child_count(c->n[top]);
        for (uint32_t i = 0; i < n && ne < AC_MAX_EDITS; i++) {
            TSNode q = ts_node_named_child(c->n[top], i);
            if (ac_ts_is(q, "type_qualifier") && is_text(w, q, "const"))
                ed[ne++] = (ac_redit){ts_node_start_byte(q),
                                      ts_node_end_byte(q), ""};
        }
    }
    /* an array parameter's elements become what its pointer points to:
     * their const stays */
    bool array_param = s->adjust && near >= 0 &&
                       ac_ts_is(c->n[near], "array_declarator");
    put_specifiers(w, b, decl,
                   s->strip_const && !array_param &&
                       !has_pointer_or_function(c),
                   s->mode);
    ac_buf tmp;
    ac_buf_init(&tmp);
    ac_render_edits(w, &tmp, ts_node_start_byte(d), ts_node_end_byte(d),
                    s->mode, ed, ne);
    if (tmp.len && b->len && tmp.data[0] != '[')
        ac_buf_putc(b, ' ');
    if (tmp.len)
        ac_buf_puts(b, tmp.data);
    ac_buf_free(&tmp);
}

static char *spelled(walker *w, TSNode decl, TSNode d, const chain *c,
                     spelling s)
{
    ac_buf b;
    ac_buf_init(&b);
    spell(w, &b, decl, d, c, &s);
    while (b.len && b.data[b.len - 1] == ' ')
        b.data[--b.len] = 0;
    return ac_buf_steal(&b);
}

/* The index of the array declarator that has no size, or -1. */
static int unsized_array(const chain *c)
{
    int i = nearest(c);
    for (; i >= 0; i--) {
        if (ac_ts_is(c->n[i], "array_declarator")) {
            TSNode size = ac_ts_field(c->n[i], "size");
            return ts_node_is_null(size) ? i : -1;
        }
        if (!ac_ts_is(c->n[i], "parenthesized_declarator"))
            return -1;
    }
    return -1;
}

/* The size an initializer gives an unsized array, as C text, or NULL. */
static char *size_from(walker *w, TSNode decl, TSNode d, const chain *c,
                       int arr, TSNode value)
{
    if (ts_node_is_null(value))
        return NULL;
    ac_buf b;
    ac_buf_init(&b);
    TSNode only = ac_ts_is(value, "initializer_list") &&
                          ts_node_named_child_count(value) == 1
                      ? ts_node_named_child(value, 0)
                      : (TSNode){0};
    int count = ac_ts_is(value, "initializer_list")
                    ? simple_count(value, scalar_elements(decl, c, arr))
                    : -1;
    if (is_string(value) || (!ts_node_is_null(only) && is_string(only))) {
        put_string_size(w, &b, is_string(value) ? value : only);
    } else if (count > 0) {
        ac_buf_printf(&b, "%d", count);
    } else if (!ac_ts_is(value, "initializer_list")) {
        char *t = ac_ts_text(w->u, value); /* `char s[] = MSG` */
        ac_buf_printf(&b, "sizeof (%s)", t);
        free(t);
    } else {
        spelling whole = {"", NULL, arr, false, false, false, AC_RENDER_FILE};
        spelling elem = {"", NULL, arr, false, false, true, AC_RENDER_FILE};
        char *type = spelled(w, decl, d, c, whole);
        char *etype = spelled(w, decl, d, c, elem);
        ac_buf_printf(&b, "sizeof ((%s)", type);
        put_shape(w, &b, value);
        ac_buf_printf(&b, ") / sizeof (%s)", etype);
        free(type);
        free(etype);
    }
    return ac_buf_steal(&b);
}

static bool storage_static(walker *w, TSNode decl)
{
    uint32_t n = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(decl, i);
        if (ac_ts_is(c, "storage_class_specifier") &&
            (is_text(w, c, "static") || is_text(w, c, "extern")))
            return true;
    }
    return false;
}

void ac_declare(walker *w, TSNode decl, TSNode d, TSNode value, bool in_frame,
                bool is_param)
{
    chain c;
    declarator_chain(d, &c);
    if (ts_node_is_null(c.ident))
        return;
    /* `int f(int);` inside a body declares a function, not a local (but
     * `int (*fp)(int)` is a pointer) */
    const char *kind = kind_of(&c);
    if (strcmp(kind, "function_declarator") == 0 && !is_param)
        return;
    ac_lvar v = {0};
    v.name = ac_ts_text(w->u, c.ident);
    v.at = ts_node_start_byte(c.ident);
    v.line = ac_line_of(w->u, v.at);
    v.is_param = is_param;
    v.in_frame = in_frame && w->resumable && !storage_static(w, decl);
    bool adjusted = is_param && (strcmp(kind, "array_declarator") == 0 ||
                                 strcmp(kind, "function_declarator") == 0);
    v.is_array = strcmp(kind, "array_declarator") == 0 && !adjusted;
    if (v.in_frame && is_vla(w, &c, adjusted ? nearest(&c) : -1))
        ac_walk_error(w, v.at,
                      "variable-length array '%s' cannot live in a resumable "
                      "function's frame: give it a constant size",
                      v.name);
    int arr = is_param ? -1 : unsized_array(&c);
    char *size = arr >= 0 ? size_from(w, decl, d, &c, arr, value) : NULL;
    if (v.in_frame && arr >= 0 && !size)
        ac_walk_error(w, v.at,
                      "array '%s' in a resumable function's frame needs a size",
                      v.name);
    int vi = ac_add_var(w, &v);
    ac_lvar *lv = &w->f->vars[vi];
    bool assigned = lv->in_frame || is_param;
    lv->decl = spelled(w, decl, d, &c,
                       (spelling){lv->cname, size, arr, assigned, is_param,
                                  false, AC_RENDER_FILE});
    lv->type_name = spelled(w, decl, d, &c,
                            (spelling){"", size, arr, false, is_param, false,
                                       AC_RENDER_BODY});
    lv->ptr_type = spelled(w, decl, d, &c,
                           (spelling){"(*)", size, arr, false, is_param,
                                      false, AC_RENDER_FILE});
    if (!ts_node_is_null(value) && !is_param)
        lv->tmp_decl = spelled(w, decl, d, &c,
                               (spelling){"ac_tmp", NULL, -1, false, false,
                                          false, AC_RENDER_BODY});
    free(size);
}

/* ---- compound literals ---------------------------------------------- */

/* The innermost abstract array declarator with no size, or a null node. */
static TSNode unsized_abstract(TSNode d)
{
    TSNode found = {0};
    for (; !ts_node_is_null(d); d = ac_ts_field(d, "declarator"))
        if (ac_ts_is(d, "abstract_array_declarator") &&
            ts_node_is_null(ac_ts_field(d, "size")))
            found = d;
    return found;
}

/* A compound literal whose block suspends and whose address outlives the
 * expression (an array, or `&(T){...}`) lives in the frame, as long as
 * its block, as C says: a frame local named ac_clN, of the literal's
 * type (sized by its initializer when the type says `[]`). */
void ac_declare_literal(walker *w, TSNode lit)
{
    TSNode td = ac_ts_field(lit, "type"), value = ac_ts_field(lit, "value");
    TSNode ad = ac_ts_field(td, "declarator");
    TSNode inner = ad; /* nearest the (absent) name: what the object is */
    while (!ts_node_is_null(inner) &&
           !ts_node_is_null(ac_ts_field(inner, "declarator")))
        inner = ac_ts_field(inner, "declarator");
    bool array = ac_ts_is(inner, "abstract_array_declarator");
    bool pointer = false; /* then a const in the specifiers is the pointee's */
    for (TSNode d = ad; !ts_node_is_null(d); d = ac_ts_field(d, "declarator"))
        pointer |= ac_ts_is(d, "abstract_pointer_declarator");
    TSNode parent = ac_walk_parent(w, lit);
    bool address = ac_ts_is(parent, "pointer_expression") &&
                   w->u->src->text[ts_node_start_byte(parent)] == '&';
    if (!(array || address) || !ac_ts_is(value, "initializer_list"))
        return;
    char *dtext = ts_node_is_null(ad) ? NULL : ac_ts_text(w->u, ad);
    bool simple = dtext == NULL || strchr(dtext, '(') == NULL;
    free(dtext);
    if (!simple)
        return; /* `(int (*)[2]){...}`: kept as C has it */
    char name[32];
    snprintf(name, sizeof name, "ac_cl%d", w->f->nvars + 1);
    /* the type: specifiers (no top-level const: the field is written) */
    ac_buf spec;
    ac_buf_init(&spec);
    uint32_t count = ts_node_child_count(td);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(td, i);
        if (!ts_node_is_named(c) || ts_node_eq(c, ad) ||
            (ac_ts_is(c, "type_qualifier") && is_text(w, c, "const") && array &&
             !pointer))
            continue;
        if (spec.len)
            ac_buf_putc(&spec, ' ');
        ac_render(w, &spec, ts_node_start_byte(c), ts_node_end_byte(c),
                  AC_RENDER_FILE);
    }
    ac_buf decl;
    ac_buf_init(&decl);
    ac_buf_printf(&decl, "%s ", spec.data ? spec.data : "int");
    if (ts_node_is_null(ad)) {
        ac_buf_puts(&decl, name);
    } else {
        /* the name goes before the first `[`: `int *ac_cl1[3][2]` */
        ac_buf d;
        ac_buf_init(&d);
        TSNode open = unsized_abstract(ad);
        if (!ts_node_is_null(open)) {
            int items = simple_count(value, !ac_ts_is(ac_walk_parent(w, open),
                                                      "abstract_array_declarator"));
            ac_buf sz;
            ac_buf_init(&sz);
            TSNode only = ts_node_named_child_count(value) == 1
                              ? ts_node_named_child(value, 0)
                              : (TSNode){0};
            if (!ts_node_is_null(only) && is_string(only)) {
                put_string_size(w, &sz, only); /* `(char[]){"abc"}` */
            } else if (items > 0) {
                ac_buf_printf(&sz, "%d", items);
            } else {
                char *t = ac_ts_text(w->u, td);
                ac_buf_printf(&sz, "sizeof ((%s)", t);
                put_shape(w, &sz, value);
                ac_buf_printf(&sz, ") / sizeof *((%s)", t);
                put_shape(w, &sz, value);
                ac_buf_puts(&sz, ")");
                free(t);
            }
            ac_redit ed = {ts_node_end_byte(open) - 1, ts_node_end_byte(open) - 1,
                           sz.data};
            ac_render_edits(w, &d, ts_node_start_byte(ad), ts_node_end_byte(ad),
                            AC_RENDER_FILE, &ed, 1);
            ac_buf_free(&sz);
        } else {
            ac_render(w, &d, ts_node_start_byte(ad), ts_node_end_byte(ad),
                      AC_RENDER_FILE);
        }
        char *bracket = strchr(d.data ? d.data : "", '[');
        size_t before = bracket ? (size_t)(bracket - d.data) : d.len;
        ac_buf_add(&decl, d.data, before);
        ac_buf_puts(&decl, name);
        ac_buf_puts(&decl, d.data + before);
        ac_buf_free(&d);
    }
    ac_lvar v = {0};
    v.name = ac_xstrndup(name, strlen(name));
    v.cname = ac_xstrndup(name, strlen(name));
    v.decl = ac_buf_steal(&decl);
    v.at = ts_node_start_byte(lit);
    v.line = ac_line_of(w->u, v.at);
    v.in_frame = true;
    v.is_literal = true;
    v.scope = w->nscopes;
    ac_lfunc *f = w->f;
    GROW(f->vars, f->nvars);
    f->vars[f->nvars++] = v;
    ac_buf_free(&spec);
}
