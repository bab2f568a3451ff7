/* strmap.c - open addressing, FNV-1a hashes, load at most one half. */
#include "lowering/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"

static size_t hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)h;
}

/* key[0..len) equals the NUL-terminated k */
static bool same(const char *k, const char *key, size_t len)
{
    return strncmp(k, key, len) == 0 && k[len] == '\0';
}

static size_t slot_of(const ac_strmap *m, const char *key, size_t len)
{
    size_t i = hash(key, len) & (m->cap - 1);
    while (m->slots[i].key != NULL && !same(m->slots[i].key, key, len))
        i = (i + 1) & (m->cap - 1);
    return i;
}

ac_strmap_entry *ac_strmap_get(const ac_strmap *m, const char *key)
{
    return ac_strmap_getn(m, key, strlen(key));
}

ac_strmap_entry *ac_strmap_getn(const ac_strmap *m, const char *key,
                                size_t len)
{
    if (m->cap == 0)
        return NULL;
    ac_strmap_entry *e = &m->slots[slot_of(m, key, len)];
    return e->key ? e : NULL;
}

void ac_strmap_put(ac_strmap *m, const char *key, int value)
{
    if (2 * (m->count + 1) > m->cap) {
        ac_strmap old = *m;
        m->cap = old.cap ? 2 * old.cap : 16;
        m->slots = ac_xcalloc(m->cap, sizeof *m->slots);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i].key)
                m->slots[slot_of(m, old.slots[i].key,
                                 strlen(old.slots[i].key))] = old.slots[i];
        free(old.slots);
    }
    ac_strmap_entry *e = &m->slots[slot_of(m, key, strlen(key))];
    if (e->key == NULL)
        m->count++;
    *e = (ac_strmap_entry){key, value};
}

void ac_strmap_free(ac_strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
