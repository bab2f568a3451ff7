/* chain.h - runtime-internal: `yield from` chains stepped at their
 * innermost generator in a constant number of instructions per item
 * (chain.c, used by gen.c and yieldfrom.c).
 *
 * A send into a generator g suspended in `yield from` (AC__F_DELEG) runs
 * the innermost generator of g's chain directly.  What that takes per item
 * is kept in a per-thread cache keyed by g: the innermost delegator (whose
 * waiting field is the generator to run) and the number of delegators.
 * The cache holds while a process-wide epoch is unchanged; the epoch moves
 * whenever a chain can have changed: a delegation starts or ends
 * (yieldfrom.c), or a delegator is linked below a frame other than the one
 * recorded in its link (ac_gen_frame.link, gen.c).
 *
 * The delegators between g and the innermost generator are not marked
 * running on each item: they stay AC_GEN_SUSPENDED, and a generator is
 * running iff it is marked so or lies on the path of a chain step this
 * thread is inside (ac__chain_steps, one record per step on the C stack).
 * Only the rare paths ask (ac__gen_running: a send, throw or close into a
 * delegator while some chain step runs, gi_running).  Their links
 * (each delegator to the one above it, CPython's nested gen_send_ex) are
 * written when the cache is made and stay, as nothing else links them
 * while the cache holds. */
#ifndef AC_CHAIN_H
#define AC_CHAIN_H

#include "gen/frame.h"

#include <stdatomic.h>
#include <stdint.h>

/* A chain step this thread is inside: entry is the generator sent into. */
struct ac__chain_step {
    ac_frame *entry;
    struct ac__chain_step *prev;
};
extern _Thread_local struct ac__chain_step *ac__chain_steps;

/* What a step of the chain headed by head needs, valid at epoch. */
struct ac__chain_cache {
    ac_frame *head;
    ac_frame *inner; /* the innermost delegator: inner->waiting runs */
    unsigned levels; /* delegators, head and inner included */
    unsigned long long epoch;
};
#define AC__CHAIN_SLOTS 8
extern _Thread_local struct ac__chain_cache ac__chain_caches[AC__CHAIN_SLOTS];
extern atomic_ullong ac__chain_epoch;

/* A chain may have changed: every cache is stale. */
static inline void ac__chain_changed(void)
{
    atomic_fetch_add_explicit(&ac__chain_epoch, 1, memory_order_relaxed);
}

static inline struct ac__chain_cache *ac__chain_slot(const ac_frame *head)
{
    return &ac__chain_caches[((uintptr_t)head >> 5) % AC__CHAIN_SLOTS];
}

/* The cache for head's chain, when it holds and the innermost generator
 * can run (suspended, not delegating); else NULL. */
static inline struct ac__chain_cache *ac__chain_cached(const ac_frame *head)
{
    struct ac__chain_cache *c = ac__chain_slot(head);
    if (c->head != head ||
        c->epoch !=
            atomic_load_explicit(&ac__chain_epoch, memory_order_relaxed))
        return NULL;
    ac_frame *leaf = c->inner->waiting;
    if (leaf->status != AC_GEN_SUSPENDED || (leaf->flags & AC__F_DELEG))
        return NULL;
    return c;
}

/* Walks head's chain and makes its cache (links each delegator's link
 * to the one above it).  NULL when the chain cannot be stepped at its
 * innermost generator: it ends at a generator that is running or
 * finished, which head's own code must then meet (CPython's behaviour). */
struct ac__chain_cache *ac__chain_build(ac_frame *head);

/* Whether f runs now: marked running, or a delegator on the path of a
 * chain step this thread is inside. */
bool ac__chain_running(const ac_frame *f);
static inline bool ac__gen_running(const ac_frame *f)
{
    if (f->status == AC_GEN_RUNNING)
        return true;
    if (ac__chain_steps == NULL || !(f->flags & AC__F_DELEG) ||
        f->status != AC_GEN_SUSPENDED)
        return false;
    return ac__chain_running(f);
}

#endif
