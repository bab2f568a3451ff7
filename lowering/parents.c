/* parents.c - a hash map from a node to its parent, filled by walking the
 * subtree once with a tree cursor (no recursion: the depth of the tree is
 * the input's). */
#include "lowering/parents.h"

#include <stdint.h>
#include <stdlib.h>

#include "frontend/buf.h"

static size_t slot_of(const ac_parents *m, const void *id, uint32_t start)
{
    uintptr_t h = (uintptr_t)id ^ ((uintptr_t)start * 0x9E3779B97F4A7C15u);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    h ^= h >> 32;
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slots[i].id != NULL &&
           !(m->slots[i].id == id && m->slots[i].start == start))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void put(ac_parents *m, size_t *count, TSNode child, TSNode parent)
{
    if (2 * (*count + 1) > m->cap) { /* keep the load at most one half */
        ac_parents old = *m;
        m->cap = old.cap ? 2 * old.cap : 64;
        m->slots = ac_xcalloc(m->cap, sizeof *m->slots);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i].id != NULL)
                m->slots[slot_of(m, old.slots[i].id, old.slots[i].start)] =
                    old.slots[i];
        free(old.slots);
    }
    uint32_t start = ts_node_start_byte(child);
    size_t i = slot_of(m, child.id, start);
    if (m->slots[i].id == NULL)
        ++*count;
    m->slots[i] = (ac_parent_entry){child.id, start, parent};
}

void ac_parents_build(ac_parents *m, TSNode top)
{
    m->top = top;
    m->slots = NULL;
    m->cap = 0;
    if (ts_node_is_null(top))
        return;
    size_t count = 0, depth = 0, cap = 16;
    TSNode *path = ac_xmalloc(cap * sizeof *path); /* the current ancestors */
    TSTreeCursor c = ts_tree_cursor_new(top);
    for (;;) {
        TSNode here = ts_tree_cursor_current_node(&c);
        if (ts_tree_cursor_goto_first_child(&c)) {
            if (depth == cap)
                path = ac_xrealloc(path, (cap *= 2) * sizeof *path);
            path[depth++] = here;
            put(m, &count, ts_tree_cursor_current_node(&c), here);
            continue;
        }
        while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&c)) {
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
        if (depth == 0)
            break;
        put(m, &count, ts_tree_cursor_current_node(&c), path[depth - 1]);
    }
    ts_tree_cursor_delete(&c);
    free(path);
}

void ac_parents_free(ac_parents *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = 0;
}

TSNode ac_parent(const ac_parents *m, TSNode n)
{
    if (m->cap > 0 && !ts_node_is_null(n)) {
        const ac_parent_entry *e =
            &m->slots[slot_of(m, n.id, ts_node_start_byte(n))];
        if (e->id != NULL)
            return e->parent;
    }
    return ts_node_is_null(n) ? n : ts_node_parent(n);
}
