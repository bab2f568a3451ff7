/* object.c - the object header and reference counts. */
#include "core/object.h"

#include <stdlib.h>
#include <string.h>

void ac__object_init(ac_object *o, const ac_objtype *type)
{
    o->refcnt = 1;
    o->type = type;
}

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

void ac_incref(void *handle)
{
    ac_object *o = handle;
    if (o != NULL && !(o->refcnt & AC__IMMORTAL))
        o->refcnt++;
}

/* Types whose dealloc runs user code (frames closing themselves) save and
 * restore the thread's current exception there, so a decref never
 * disturbs it. */
void ac_decref(void *handle)
{
    ac_object *o = handle;
    if (o == NULL || (o->refcnt & AC__IMMORTAL))
        return;
    if (--o->refcnt == 0)
        o->type->dealloc(o);
}
