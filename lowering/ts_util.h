/* ts_util.h - small tree-sitter helpers shared by the lowering and the
 * back end. */
#ifndef AC_TS_UTIL_H
#define AC_TS_UTIL_H

#include <stdbool.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "frontend/unit.h"
#include "lowering/parents.h"

static inline bool ac_ts_is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static inline TSNode ac_ts_field(TSNode n, const char *field)
{
    return ts_node_child_by_field_name(n, field, (uint32_t)strlen(field));
}

/* A copy of the original text of n (caller frees). */
char *ac_ts_text(const ac_unit *u, TSNode n);
/* The 1-based line of a byte offset. */
int ac_line_of(const ac_unit *u, uint32_t at);
int ac_col_of(const ac_unit *u, uint32_t at);
/* The identifier a declarator declares (descending through pointers,
 * arrays, parentheses and init_declarator), or a null node. */
TSNode ac_ts_declarator_name(TSNode decl);
/* The operand of the keyword kw whose placeholder starts node: the first
 * node below n that starts at or after kw->end. */
TSNode ac_ts_kw_operand(TSNode n, const ac_kw *kw);
/* `yield E` takes everything to its right (Python's precedence) while
 * the masked `!!!!!E` parses as a unary operator: the extent of a yield
 * is the outermost expression starting at its unary node (the lowering
 * records its end in the state: ac_lstate.extent_end). */
TSNode ac_ts_yield_extent(const ac_parents *m, TSNode unary);
/* Inverse: the unary node of the keyword at the start of extent. */
TSNode ac_ts_yield_unary(TSNode extent, const ac_kw *kw);
/* Whether an operand of await / yield from / for-in names an object (a
 * variable, member, element or dereference, perhaps in parentheses or a
 * cast): such handles are borrowed, others (calls) are temporaries. */
bool ac_ts_names_object(const ac_unit *u, TSNode expr);
/* The outermost node that starts at `at` and lies within n. */
TSNode ac_ts_node_starting(TSNode n, uint32_t at);

#endif
