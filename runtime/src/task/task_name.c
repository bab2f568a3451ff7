/* task_name.c - the names of tasks, kept beside them.
 *
 * Most tasks are never named and never asked for their name: a pointer in
 * each of a million suspended tasks would be 8 bytes of every one for the
 * few that are (issue 12).  A name given at creation, or the "Task-N" one
 * formatted when first asked for, lives here instead, found by the task's
 * address; the task's `named` bit says whether to look.
 *
 * One table for the process, under a lock: a task may be freed on any
 * thread, and names are looked up only to be printed. */
#include "task/task_name.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct name_entry {
    const ac_task *task;
    char *name; /* owned */
    struct name_entry *next;
} name_entry;

/* A chained hash table by address; the gdb support reads it by this
 * name (runtime/gdb/asyncc.py). */
static struct {
    pthread_mutex_t lock;
    name_entry **buckets; /* nbuckets of them, a power of two, or NULL */
    size_t nbuckets, count;
} ac__task_names = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

static size_t bucket_of(const ac_task *t, size_t nbuckets)
{
    uintptr_t a = (uintptr_t)t >> 4; /* tasks are 16-byte aligned */
    return (size_t)((a * 0x9E3779B97F4A7C15ull) >> 32) & (nbuckets - 1);
}

/* Doubles the buckets when there are as many names as buckets; false when
 * out of memory (the table stays as it was, only fuller). */
static bool grow(void)
{
    size_t n = ac__task_names.nbuckets ? ac__task_names.nbuckets * 2 : 16;
    name_entry **b = calloc(n, sizeof *b);
    if (b == NULL)
        return false;
    for (size_t i = 0; i < ac__task_names.nbuckets; i++) {
        name_entry *e = ac__task_names.buckets[i], *next;
        for (; e != NULL; e = next) {
            next = e->next;
            size_t k = bucket_of(e->task, n);
            e->next = b[k];
            b[k] = e;
        }
    }
    free(ac__task_names.buckets);
    ac__task_names.buckets = b;
    ac__task_names.nbuckets = n;
    return true;
}

static name_entry **find(const ac_task *t)
{
    if (ac__task_names.nbuckets == 0)
        return NULL;
    name_entry **p =
        &ac__task_names.buckets[bucket_of(t, ac__task_names.nbuckets)];
    while (*p != NULL && (*p)->task != t)
        p = &(*p)->next;
    return p;
}

const char *ac__task_name_put(ac_task *t, const char *name)
{
    name_entry *e = malloc(sizeof *e);
    char *copy = strdup(name);
    if (e == NULL || copy == NULL) {
        free(e);
        free(copy);
        return NULL;
    }
    e->task = t;
    e->name = copy;
    pthread_mutex_lock(&ac__task_names.lock);
    if (ac__task_names.count >= ac__task_names.nbuckets && !grow() &&
        ac__task_names.nbuckets == 0) {
        pthread_mutex_unlock(&ac__task_names.lock);
        free(e);
        free(copy);
        return NULL;
    }
    name_entry **b =
        &ac__task_names.buckets[bucket_of(t, ac__task_names.nbuckets)];
    e->next = *b;
    *b = e;
    ac__task_names.count++;
    pthread_mutex_unlock(&ac__task_names.lock);
    t->fut.named = 1;
    return copy;
}

const char *ac__task_name_get(const ac_task *t)
{
    if (!t->fut.named)
        return NULL;
    pthread_mutex_lock(&ac__task_names.lock);
    name_entry **p = find(t);
    const char *name = p && *p ? (*p)->name : NULL;
    pthread_mutex_unlock(&ac__task_names.lock);
    return name;
}

void ac__task_name_drop(ac_task *t)
{
    if (!t->fut.named)
        return;
    pthread_mutex_lock(&ac__task_names.lock);
    name_entry **p = find(t), *e = p ? *p : NULL;
    if (e != NULL) {
        *p = e->next;
        ac__task_names.count--;
    }
    pthread_mutex_unlock(&ac__task_names.lock);
    t->fut.named = 0;
    if (e != NULL) {
        free(e->name);
        free(e);
    }
}

size_t ac__task_names_count(void)
{
    pthread_mutex_lock(&ac__task_names.lock);
    size_t n = ac__task_names.count;
    pthread_mutex_unlock(&ac__task_names.lock);
    return n;
}
