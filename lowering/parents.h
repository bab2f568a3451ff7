/* parents.h - the parent of every node of one subtree, found in O(1).
 *
 * tree-sitter 0.20's ts_node_parent searches down from the root on every
 * call (linear in the depth and in the width of each level it passes), so
 * a walk that asks for parents is quadratic or worse in the input.  The
 * lowering builds this map once per function (in one iterative pass with
 * a tree cursor) and asks it instead. */
#ifndef AC_PARENTS_H
#define AC_PARENTS_H

#include <stddef.h>
#include <tree_sitter/api.h>

typedef struct ac_parent_entry {
    const void *id; /* the child's TSNode id (NULL: an empty slot) */
    uint32_t start; /* its start byte: ids could repeat for shared subtrees */
    TSNode parent;
} ac_parent_entry;

typedef struct ac_parents {
    TSNode top; /* the subtree's root: its parent is outside the map */
    ac_parent_entry *slots;
    size_t cap; /* a power of two */
} ac_parents;

/* Records the parent of every node below top (named or not). */
void ac_parents_build(ac_parents *m, TSNode top);
void ac_parents_free(ac_parents *m);
/* The parent of n; for top and nodes outside the subtree, ts_node_parent
 * (the slow search, kept for correctness). */
TSNode ac_parent(const ac_parents *m, TSNode n);

#endif
