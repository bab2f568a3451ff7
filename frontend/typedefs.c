/* typedefs.c - declarations that tree-sitter-c reads as expressions.
 *
 * C's grammar needs to know which names are typedefs: `T (x) = 6;`,
 * `T (*f)(int) = g;` and `ac_coro *(*mk)(int) = worker;` declare x, f and
 * mk when T and ac_coro name types, but tree-sitter-c does not track
 * typedefs and reads them as a call and a multiplication.  Once the file
 * is parsed, the names it declares with typedef (and its .ah headers, and
 * the runtime's), and the names it uses as types, are known; a statement
 * in a function body that starts with one of them followed by `(` or `*`
 * gets the name masked as a type of the same length (`char`, `long   int`,
 * or `int` written over the indentation before a name shorter than three
 * bytes) and the file is parsed again.  The masked text keeps every offset; the original bytes
 * still hold the name, which is what every later stage copies. */
#include "frontend/typedefs.h"

#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"

const TSLanguage *tree_sitter_c(void);

/* The runtime's type names (asyncc.h and asyncc/TOPIC.h), which a .ac file uses
 * without declaring. */
static const char *const runtime_types[] = {
    "ac_acm_ops", "ac_agen",   "ac_agen_hook", "ac_agen_yield_hook",
    "ac_channel", "ac_code",   "ac_coro",      "ac_exc",
    "ac_exc_type", "ac_frame", "ac_future",    "ac_gen",
    "ac_handle",  "ac_loop",   "ac_server",    "ac_stream",
    "ac_task",    "ac_conn_handler",
    /* asyncio's toolbox (asyncc/TOPIC.h) */
    "ac_task_group", "ac_lock", "ac_event", "ac_semaphore", "ac_condition",
    "ac_queue", "ac_process", "ac_addrinfo", "ac_datagram"};

typedef struct names {
    char **v;
    size_t n;
} names;

static bool is_node(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static TSNode field(TSNode n, const char *name)
{
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

static void add_name(names *s, const char *text, uint32_t len)
{
    s->v = ac_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
    s->v[s->n++] = ac_xstrndup(text, len);
}

static void add_node(names *s, const ac_unit *u, TSNode n)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b > a && b <= u->src->len)
        add_name(s, u->src->text + a, b - a);
}

/* The type_identifier a typedef declarator declares. */
static TSNode declared_type_name(TSNode d)
{
    while (!ts_node_is_null(d) && !is_node(d, "type_identifier")) {
        TSNode next = field(d, "declarator");
        if (ts_node_is_null(next) && ts_node_named_child_count(d))
            next = ts_node_named_child(d, 0);
        d = next;
    }
    return d;
}

/* Every typedef name a unit declares, and every name it uses as a type. */
static void collect(names *s, const ac_unit *u, TSNode n)
{
    if (is_node(n, "type_definition")) {
        uint32_t count = ts_node_named_child_count(n);
        for (uint32_t i = 1; i < count; i++) {
            TSNode name = declared_type_name(ts_node_named_child(n, i));
            if (!ts_node_is_null(name))
                add_node(s, u, name);
        }
    } else if (is_node(n, "type_identifier") &&
               !is_node(ts_node_parent(n), "struct_specifier") &&
               !is_node(ts_node_parent(n), "union_specifier") &&
               !is_node(ts_node_parent(n), "enum_specifier")) {
        add_node(s, u, n);
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        collect(s, u, ts_node_named_child(n, i));
}

static void collect_unit(names *s, const ac_unit *u, int depth)
{
    if (u->tree == NULL || depth > 64)
        return;
    collect(s, u, u->root);
    for (size_t i = 0; i < u->nincludes; i++)
        collect_unit(s, u->includes[i], depth + 1);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool known(const names *s, const char *text, size_t len)
{
    return ac_strs_has(s->v, s->n, text, len);
}

/* The first leaf of n. */
static TSNode first_leaf(TSNode n)
{
    while (ts_node_child_count(n) > 0)
        n = ts_node_child(n, 0);
    return n;
}

/* Masks the type name that starts statement n; true if it did. */
static bool mask_statement(ac_unit *u, const names *s, TSNode n)
{
    TSNode id = first_leaf(n);
    if (!is_node(id, "identifier"))
        return false;
    uint32_t a = ts_node_start_byte(id), b = ts_node_end_byte(id);
    const char *text = u->src->text;
    if (!known(s, text + a, b - a))
        return false;
    uint32_t next = b;
    while (next < u->src->len && (text[next] == ' ' || text[next] == '\t'))
        next++;
    if (next >= u->src->len || (text[next] != '(' && text[next] != '*'))
        return false;
    char *m = u->pp.masked;
    uint32_t len = b - a;
    /* a type that spans exactly the name's bytes, so that the node is
     * the name: `long    int` is one sized_type_specifier */
    static const char *const exact[] = {"int", "char", "float", "double"};
    if (len >= 3 && len <= 6) {
        memcpy(m + a, exact[len - 3], len);
        return true;
    }
    if (len >= 7) {
        memcpy(m + a, "long", 4);
        memset(m + a + 4, ' ', len - 7);
        memcpy(m + b - 3, "int", 3);
        return true;
    }
    uint32_t need = 3 - len;
    if (a < need)
        return false;
    for (uint32_t i = a - need; i < a; i++)
        if (m[i] != ' ' && m[i] != '\t')
            return false;
    memcpy(m + a - need, "int", 3);
    return true;
}

/* The expression statements of function bodies that start with a type
 * name. */
static int mask_body(ac_unit *u, const names *s, TSNode n, bool in_body)
{
    int masked = 0;
    if (in_body && is_node(n, "expression_statement"))
        return mask_statement(u, s, n);
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        bool body = in_body || (is_node(n, "function_definition") &&
                                is_node(c, "compound_statement"));
        masked += mask_body(u, s, c, body);
    }
    return masked;
}

static unsigned count_errors(TSNode n)
{
    if (!ts_node_has_error(n))
        return 0;
    unsigned e = strcmp(ts_node_type(n), "ERROR") == 0 || ts_node_is_missing(n);
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        e += count_errors(ts_node_child(n, i));
    return e;
}

void ac_typedef_declarations(ac_unit *u, TSParser *p)
{
    if (u->tree == NULL)
        return;
    names s = {NULL, 0};
    collect_unit(&s, u, 0);
    for (size_t i = 0; i < sizeof runtime_types / sizeof *runtime_types; i++)
        add_name(&s, runtime_types[i], (uint32_t)strlen(runtime_types[i]));
    qsort(s.v, s.n, sizeof *s.v, str_cmp);
    char *before = ac_xstrndup(u->pp.masked, u->src->len);
    if (mask_body(u, &s, u->root, false) > 0) {
        TSTree *t = ts_parser_parse_string(p, NULL, u->pp.masked,
                                           (uint32_t)u->src->len);
        /* a parse that reads worse than the first is no fix */
        if (t && count_errors(ts_tree_root_node(t)) <= count_errors(u->root)) {
            ts_tree_delete(u->tree);
            u->tree = t;
            u->root = ts_tree_root_node(t);
        } else {
            if (t)
                ts_tree_delete(t);
            memcpy(u->pp.masked, before, u->src->len);
        }
    }
    free(before);
    for (size_t i = 0; i < s.n; i++)
        free(s.v[i]);
    free(s.v);
}
