/* acm.c - `async with`'s entry points.  A user's context manager begins
 * with a pointer to its ac_acm_ops; a runtime handle begins with its type,
 * which begins with an ac_acm_ops (all NULL when the type is none). */
#include "core/object.h"

static const ac_acm_ops *ops_of(void *m)
{
    return *(const ac_acm_ops *const *)m;
}

static ac_coro *not_acm(void)
{
    ac_err_format(&ac_TypeError, "object does not support the asynchronous "
                                 "context manager protocol");
    return NULL;
}

ac_coro *ac__aenter(void *m)
{
    if (m == NULL || ops_of(m)->aenter == NULL)
        return not_acm();
    return ops_of(m)->aenter(m);
}

ac_coro *ac__aexit(void *m, ac_exc *exc)
{
    if (ops_of(m)->aexit == NULL)
        return not_acm();
    return ops_of(m)->aexit(m, exc);
}
