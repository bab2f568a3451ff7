/* vec.h - runtime-internal: the growing arrays the runtime appends to
 * (a loop's pending tasks, its timers' heap, a task group's errors, ...),
 * each of its own element type, grown one way. */
#ifndef AC_VEC_H
#define AC_VEC_H

#include <stdint.h>
#include <stdlib.h>

/* items, an array of *cap elements of size bytes with n in use, with
 * room for one more: items itself, or the array doubled (first elements
 * when it has none) with *cap set.  NULL when out of memory, items and
 * *cap unchanged and no error set: each caller says it its own way. */
static inline void *ac__vec_room(void *items, size_t n, size_t *cap,
                                 size_t size, size_t first)
{
    if (n < *cap)
        return items;
    size_t new_cap = *cap ? *cap * 2 : first;
    if (new_cap < *cap || new_cap > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, new_cap * size);
    if (grown != NULL)
        *cap = new_cap;
    return grown;
}

#endif
