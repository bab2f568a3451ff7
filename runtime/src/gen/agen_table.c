/* agen_table.c - what the runtime keeps about each async generator beyond
 * its frame: ag_running_async, ag_closed, ag_hooks_inited, the finalizer
 * stored at the first call, the loop tracking it.
 *
 * Generated frames have no room for it (their layout is the translator's),
 * so it lives in a per-thread hash table keyed by the frame's address,
 * created at the generator's first anext/asend/athrow/aclose call and
 * removed when the frame is freed.  Objects belong to one thread, so a
 * per-thread table sees every generator its thread can touch.  Open
 * addressing with linear probing; deletion shifts the run back so lookups
 * never need tombstones. */
#include <stdint.h>
#include <stdlib.h>

#include "gen/agen.h"
#include "core/exc.h"

typedef struct agen_slot {
    const ac_frame *ag; /* NULL: empty */
    ac__agen_ext *ext;  /* owned */
} agen_slot;

typedef struct agen_table {
    agen_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
} agen_table;

static _Thread_local agen_table table;

static size_t slot_of(const ac_frame *ag, size_t cap)
{
    uintptr_t h = (uintptr_t)ag;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15u;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static agen_slot *find(const ac_frame *ag)
{
    if (table.cap == 0)
        return NULL;
    for (size_t i = slot_of(ag, table.cap);; i = (i + 1) & (table.cap - 1)) {
        if (table.slots[i].ag == ag)
            return &table.slots[i];
        if (table.slots[i].ag == NULL)
            return NULL;
    }
}

static void insert(const ac_frame *ag, ac__agen_ext *ext)
{
    size_t i = slot_of(ag, table.cap);
    while (table.slots[i].ag != NULL)
        i = (i + 1) & (table.cap - 1);
    table.slots[i].ag = ag;
    table.slots[i].ext = ext;
    table.n++;
}

/* Keeps the load under 1/2. */
static int grow(void)
{
    size_t cap = table.cap ? table.cap * 2 : 16;
    agen_slot *old = table.slots;
    size_t old_cap = table.cap;
    agen_slot *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return ac__no_memory();
    table.slots = slots;
    table.cap = cap;
    table.n = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].ag != NULL)
            insert(old[i].ag, old[i].ext);
    free(old);
    return 0;
}

ac__agen_ext *ac__agen_ext_of(const ac_frame *ag)
{
    agen_slot *s = find(ag);
    return s ? s->ext : NULL;
}

ac__agen_ext *ac__agen_ext_get(ac_frame *ag)
{
    ac__agen_ext *ext = ac__agen_ext_of(ag);
    if (ext != NULL)
        return ext;
    if ((table.n + 1) * 2 > table.cap && grow() < 0)
        return NULL;
    ext = ac__zalloc(sizeof *ext);
    if (ext == NULL) {
        ac__no_memory();
        return NULL;
    }
    insert(ag, ext);
    return ext;
}

/* Removes slot i and moves back the entries of its run that would no
 * longer be found past the hole. */
static void remove_at(size_t i)
{
    size_t mask = table.cap - 1;
    table.slots[i].ag = NULL;
    table.n--;
    for (size_t j = (i + 1) & mask; table.slots[j].ag != NULL;
         j = (j + 1) & mask) {
        size_t home = slot_of(table.slots[j].ag, table.cap);
        /* j's entry may stay unless its home lies cyclically in (i, j]. */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (stays)
            continue;
        table.slots[i] = table.slots[j];
        table.slots[j].ag = NULL;
        i = j;
    }
    if (table.n == 0) {
        free(table.slots);
        table.slots = NULL;
        table.cap = 0;
    }
}

void ac__agen_ext_forget(const ac_frame *ag)
{
    agen_slot *s = find(ag);
    if (s == NULL)
        return;
    free(s->ext);
    remove_at((size_t)(s - table.slots));
}
