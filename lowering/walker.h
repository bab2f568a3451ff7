/* walker.h - the lowering's walk over one function body (lowering/
 * internal): the scopes and bindings it is inside, the try parts and
 * loops around it, labels and gotos seen, errors.  Shared by body.c,
 * scope.c, points.c and constructs.c. */
#ifndef AC_WALKER_H
#define AC_WALKER_H

#include "frontend/buf.h"
#include "lowering/body.h"
#include "lowering/parents.h"
#include "lowering/strmap.h"

/* A name in scope: a local (var >= 0), or a local typedef name or
 * enumerator (var < 0, spelled `to`), or a struct/union/enum tag. */
typedef enum bkind { B_VAR, B_NAME, B_TAG } bkind;

typedef struct binding {
    const char *name;
    int var;
    bkind kind;
    const char *to; /* B_NAME, B_TAG: the file-scope spelling */
    int hides;      /* the binding of this name it hides, or -1 */
} binding;

typedef struct label_use {
    char *name;
    uint32_t at;
    int part; /* the innermost try part or async with block (< 0) */
    int *forins; /* the enclosing for-in loops' ids (allocated) */
    int nforins;
} label_use;

typedef struct walker {
    const ac_unit *u;
    const ac_lunit *lu;
    ac_lfunc *f;
    ac_diag *d;
    bool resumable;
    binding *binds;
    int nbinds;
    int *scope_marks; /* nbinds at each scope's start */
    int nscopes;
    /* each name -> its innermost binding (an index into binds, -1 if
     * none): ordinary identifiers, and tags (their own name space) */
    ac_strmap names, tags;
    TSNode *scope_nodes; /* the block (or for) of each scope, innermost last */
    int nscope_nodes;
    int *parts; /* try part ids */
    int nparts;
    int next_part;
    int *loops; /* first state id inside each enclosing loop, 0 if none */
    int nloops;
    label_use *labels, *gotos;
    int nlabels, ngotos;
    label_use *switches; /* the enclosing switch statements (no name) */
    int nswitches;
    int errors;
    uint32_t last_error;
    int nanon;   /* anonymous local types named so far */
    char **pool; /* strings the bindings point to */
    int npool;
    int *forins; /* ids of the enclosing for-in loops (as deep as nested) */
    int nforins;
    ac_parents parents; /* of every node of the function definition */
    TSNode here;        /* the node ac_walk is in (its suspension's) */
    char *outer_guard;  /* the #if conditions around the definition */
    bool outer_guard_known;
    /* the frame's field names (f->vars' cnames) -> the next suffix to try
     * for a local of that name */
    ac_strmap fields;
} walker;

/* The parent of n (O(1) inside the function). */
static inline TSNode ac_walk_parent(const walker *w, TSNode n)
{
    return ac_parent(&w->parents, n);
}

#define GROW(arr, n)                                                           \
    ((arr) = ac_xrealloc((arr), (size_t)((n) + 1) * sizeof *(arr)))

/* body.c: the walk */
void ac_walk_error(walker *w, uint32_t at, const char *fmt, const char *arg);
void ac_walk(walker *w, TSNode n);

/* scope.c: scopes and locals */
void ac_scope_push(walker *w);
void ac_scope_pop(walker *w);
int ac_scope_lookup(walker *w, const char *name, size_t len);
const binding *ac_scope_find(walker *w, const char *name, size_t len,
                             bool tag);
const binding *ac_scope_find_here(walker *w, const char *name, bool tag);
void ac_scope_bind(walker *w, const char *name, bkind kind, const char *to);
int ac_add_var(walker *w, ac_lvar *v);
int ac_add_slot(walker *w, ac_slot_kind kind, const char *prefix,
                const char *type, int line, bool handle);
void ac_declare(walker *w, TSNode decl, TSNode d, TSNode value, bool in_frame,
                bool is_param);
bool ac_scope_suspends(walker *w, TSNode scope);
void ac_on_declaration(walker *w, TSNode decl, TSNode scope);
void ac_declare_params(walker *w, TSNode fd);

/* types.c: types declared in the body, spellings at file scope */
bool ac_on_type(walker *w, TSNode n);
void ac_add_rename(walker *w, uint32_t at, uint32_t end, const char *to);
void ac_walk_declarator(walker *w, TSNode d);
typedef enum ac_render_mode {
    AC_RENDER_FILE, /* at file scope: a local is `(*(T (*))0)` (sizeof) */
    AC_RENDER_BODY, /* in the resume function: `ac_fr->x` */
} ac_render_mode;
void ac_render(walker *w, ac_buf *b, uint32_t start, uint32_t end,
               ac_render_mode mode);
/* ac_render, with extra replacements (at == end: an insertion) that win
 * over the renames they cover. */
typedef struct ac_redit {
    uint32_t at, end;
    const char *to;
} ac_redit;
void ac_render_edits(walker *w, ac_buf *b, uint32_t start, uint32_t end,
                     ac_render_mode mode, const ac_redit *extra, int nextra);
bool ac_on_tag_declaration(walker *w, TSNode decl);

/* decl.c: a local's declaration as the output spells it */
bool ac_is_declarator_child(TSNode decl, uint32_t i);
void ac_declare_literal(walker *w, TSNode lit);

/* points.c: suspension points */
int ac_add_state(walker *w, ac_susp what, ac_form form, uint32_t at);
void ac_on_suspension(walker *w, TSNode n, const ac_kw *kw);
void ac_on_sequencing(walker *w, TSNode n);
void ac_on_conditional(walker *w, TSNode n);

/* constructs.c: loops, async with, try */
const ac_kw *ac_kw_before(const ac_unit *u, uint32_t at);
const ac_kw *ac_forin_kw(const ac_unit *u, TSNode loop);
void ac_on_forin(walker *w, TSNode loop, const ac_kw *in);
void ac_on_async_with(walker *w, TSNode n, const ac_kw *kw);
int ac_on_try(walker *w, TSNode parent, uint32_t i, const ac_kw *try_kw);

#endif
