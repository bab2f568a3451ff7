/* strmap.h - a hash map from strings (not copied: the caller keeps them
 * alive) to ints: the frame's field names, so that naming the n-th local
 * `i` takes constant time instead of a scan of every local per try, and
 * the names in scope (lowering/scope.c). */
#ifndef AC_STRMAP_H
#define AC_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ac_strmap_entry {
    const char *key; /* NULL: empty */
    int value;
} ac_strmap_entry;

typedef struct ac_strmap {
    ac_strmap_entry *slots;
    size_t cap, count; /* cap: a power of two, or 0 */
} ac_strmap;

/* The entry of key, or NULL. */
ac_strmap_entry *ac_strmap_get(const ac_strmap *m, const char *key);
/* The entry of the len bytes at key (not NUL-terminated), or NULL. */
ac_strmap_entry *ac_strmap_getn(const ac_strmap *m, const char *key,
                                size_t len);
/* Sets key to value (key must outlive the map). */
void ac_strmap_put(ac_strmap *m, const char *key, int value);
void ac_strmap_free(ac_strmap *m);

#endif
