/* object.c - the object header and reference counts. */
#include "core/object.h"

#include <stdlib.h>
#include <string.h>

/* memset read through a volatile pointer: a compiler cannot see the
 * malloc + memset pair it would fuse into calloc. */
static void *(*const volatile zero_fill)(void *, int, size_t) = memset;

void *ac__zalloc(size_t size)
{
    void *p = malloc(size);
    if (p != NULL)
        zero_fill(p, 0, size);
    return p;
}

void(ac_incref)(void *handle)
{
    ac__incref_i(handle);
}

/* Types whose dealloc runs user code (frames closing themselves) save and
 * restore the thread's current exception there, so a decref never
 * disturbs it. */
void(ac_decref)(void *handle)
{
    ac__decref_i(handle);
}

void ac__dealloc(ac_object *o)
{
    o->type->dealloc(o);
}
