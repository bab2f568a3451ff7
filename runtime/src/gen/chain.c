/* chain.c - the cache of `yield from` chains and the running test of
 * their delegators (chain.h explains both). */
#include "gen/chain.h"

_Thread_local struct ac__chain_step *ac__chain_steps;
_Thread_local struct ac__chain_cache ac__chain_caches[AC__CHAIN_SLOTS];
/* Process-wide, so that a chain changed on another thread is never read
 * through this thread's cache. */
atomic_ullong ac__chain_epoch = 1;

struct ac__chain_cache *ac__chain_build(ac_frame *head)
{
    /* Below head, a generator's waiting is set only while it delegates. */
    unsigned levels = 0;
    ac_frame *leaf = head, *s;
    while ((s = leaf->waiting) != NULL && s->status == AC_GEN_SUSPENDED) {
        leaf = s;
        levels++;
    }
    if (levels == 0 || leaf->waiting != NULL)
        return NULL;
    bool relinked = false;
    ac_frame *above = head;
    for (ac_frame *f = head->waiting; f != leaf; f = f->waiting) {
        ac__exc_link *link = &ac__gf(f)->link;
        link->f = f;
        if (link->below != &ac__gf(above)->link) {
            link->below = &ac__gf(above)->link;
            relinked = true;
        }
        above = f;
    }
    if (relinked) /* another chain's cache may have read those links */
        ac__chain_changed();
    struct ac__chain_cache *c = ac__chain_slot(head);
    c->head = head;
    c->inner = above;
    c->levels = levels;
    c->epoch = atomic_load_explicit(&ac__chain_epoch, memory_order_relaxed);
    return c;
}

/* The delegators a step lies across: from its entry down to the frame it
 * runs now (marked running; those between are suspended delegators). */
static bool on_path(const struct ac__chain_step *step, const ac_frame *f)
{
    for (const ac_frame *m = step->entry->waiting;
         m != NULL && m->status == AC_GEN_SUSPENDED && (m->flags & AC__F_DELEG);
         m = m->waiting)
        if (m == f)
            return true;
    return false;
}

bool ac__chain_running(const ac_frame *f)
{
    /* Usually f's own chain shows at once that none of it runs. */
    struct ac__chain_cache *c = ac__chain_cached(f);
    if (c != NULL)
        return false;
    for (const struct ac__chain_step *s = ac__chain_steps; s != NULL;
         s = s->prev)
        if (on_path(s, f))
            return true;
    return false;
}
