/* slab.h - runtime-internal: a per-thread size-class allocator for the
 * small blocks a task costs (coroutine frames, with or without the room
 * for their task, standalone tasks, sleep futures) and for those made by
 * the thousand (callback handles, timers, exceptions).
 *
 * With many blocks alive at once glibc's per-thread cache does not help:
 * each malloc carves the top chunk, each free consolidates (~380
 * instructions per task, issue 12), and each block pays a chunk header.
 * Here a block is taken from, and given back to, a free list of a page
 * that holds blocks of one size only: a few instructions, no header.
 *
 * Pages are AC__SLAB_PAGE bytes, aligned to their size, their header at
 * the front: a block's page is its address rounded down.  They are carved
 * from segments of AC__SLAB_SEGMENT_PAGES pages, one mmap each (system
 * calls on memory cost hundreds of microseconds in some VMs: one per page
 * would cost more than malloc did).  A page belongs to the thread that
 * carved it; that thread alone allocates from it.  A block freed by another
 * thread is pushed onto its owner's remote list (an atomic stack, slab.c),
 * which the owner takes back when it next runs out of blocks.  A thread
 * that exits gives its segments up (pthread key destructor): empty ones go
 * back to the system, the others are "abandoned" and unmapped by whoever
 * frees their last block.  An empty page is reused for any size class; a
 * segment whose pages are all empty goes back to the system, unless it is
 * the thread's one spare.
 *
 * Blocks over AC__SLAB_MAX bytes are malloc's.  Under AddressSanitizer,
 * under valgrind, or with ASYNCC_SLAB=0 every block is malloc's (the tools
 * see each object); ASYNCC_SLAB=1 forces the slab on (a benchmark under
 * callgrind).  The choice is made once per process.
 *
 * The caller gives the block's size to ac__slab_free (frames know theirs
 * from their code): nothing is stored in the block. */
#ifndef AC_SLAB_H
#define AC_SLAB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AC__SLAB_PAGE ((size_t)64 * 1024)
#define AC__SLAB_SEGMENT_PAGES 64 /* 4 MiB */
#define AC__SLAB_MAX 1024
/* Classes: 16-byte steps up to 512 bytes (1..32), 64-byte steps up to
 * 1024 (33..40); 0 is unused. */
#define AC__SLAB_CLASSES 41

enum { AC__SLAB_UNKNOWN, AC__SLAB_ON, AC__SLAB_OFF };

typedef struct ac__slab_block {
    struct ac__slab_block *next;
} ac__slab_block;

/* What other threads see of a thread's heap (slab.c): its remote list.
 * Never freed: a thread that starts later takes over one that was let go. */
typedef struct ac__slab_owner ac__slab_owner;

typedef struct ac__slab_page ac__slab_page;
typedef struct ac__slab_segment ac__slab_segment;

struct ac__slab_segment {
    unsigned live; /* pages with blocks handed out (owner's count) */
    /* After its thread exited: its pages with blocks not yet freed. */
    atomic_uint abandoned;
    char *map;                     /* the mapping (to munmap) */
    char *first;                   /* its first page, aligned */
    unsigned carved;               /* pages [0, carved) were used */
    ac__slab_segment *prev, *next; /* the heap's segments */
};

struct ac__slab_page {
    /* The owner's heap; NULL once its thread exited (abandoned). */
    _Atomic(ac__slab_owner *) owner;
    /* Of an abandoned page: its blocks not yet freed. */
    atomic_size_t live;
    ac__slab_segment *seg; /* set once, when first carved */
    /* The rest is the owner's alone. */
    ac__slab_block *free; /* freed blocks */
    char *bump, *end;     /* never handed out yet: [bump, end) */
    uint32_t used;        /* handed out (freed remotely but not yet
                             taken back included) */
    uint32_t size;        /* of each block */
    /* In the class's list of pages with room (in_avail), or in the heap's
     * list of empty pages (is_free), or in none (full). */
    ac__slab_page *prev, *next;
    uint8_t cls;
    uint8_t in_avail;
    uint8_t is_free;
};

/* A thread's allocator state (its fast paths read it directly). */
typedef struct ac__slab_heap {
    ac__slab_page *avail[AC__SLAB_CLASSES]; /* head: allocated from */
    int mode;                               /* AC__SLAB_ON, ... */
    ac__slab_owner *owner;                  /* set when ON */
    ac__slab_segment *segments;             /* all of them */
    ac__slab_segment *carving;              /* the one new pages come from */
    ac__slab_segment *spare;                /* an empty one kept */
    ac__slab_page *free_pages;              /* empty pages of its segments */
} ac__slab_heap;

extern _Thread_local ac__slab_heap ac__slab_tls;

static inline unsigned ac__slab_class(size_t size)
{
    if (size <= 512)
        return size <= 16 ? 1 : (unsigned)((size + 15) >> 4);
    return 32 + (unsigned)((size - 512 + 63) >> 6);
}

static inline size_t ac__slab_class_size(unsigned cls)
{
    return cls <= 32 ? (size_t)cls << 4 : 512 + ((size_t)(cls - 32) << 6);
}

static inline ac__slab_page *ac__slab_page_of(const void *block)
{
    return (ac__slab_page *)((uintptr_t)block &
                             ~(uintptr_t)(AC__SLAB_PAGE - 1));
}

void *ac__slab_alloc_slow(ac__slab_heap *h, unsigned cls, size_t size);
void ac__slab_free_slow(ac__slab_heap *h, void *block, size_t size);
void ac__slab_free_local_slow(ac__slab_heap *h, ac__slab_page *p);

/* size bytes (16-aligned, not zeroed), or NULL when out of memory (no
 * exception set). */
static inline void *ac__slab_alloc(size_t size)
{
    if (size > AC__SLAB_MAX)
        return malloc(size);
    ac__slab_heap *h = &ac__slab_tls;
    unsigned cls = ac__slab_class(size);
    ac__slab_page *p = h->avail[cls];
    if (p != NULL) {
        ac__slab_block *b = p->free;
        if (b != NULL) {
            p->free = b->next;
            if (p->used++ == 0) /* an empty page kept as the head */
                p->seg->live++;
            return b;
        }
        if (p->bump != p->end) {
            b = (ac__slab_block *)p->bump;
            p->bump += p->size;
            if (p->used++ == 0)
                p->seg->live++;
            return b;
        }
    }
    return ac__slab_alloc_slow(h, cls, size);
}

/* size zeroed bytes, or NULL. */
void *ac__slab_zalloc(size_t size);

/* Frees block (not NULL) of size bytes, from ac__slab_alloc(size) on any
 * thread. */
static inline void ac__slab_free(void *block, size_t size)
{
    if (size > AC__SLAB_MAX) {
        free(block);
        return;
    }
    ac__slab_heap *h = &ac__slab_tls;
    if (h->mode == AC__SLAB_ON) {
        ac__slab_page *p = ac__slab_page_of(block);
        if (atomic_load_explicit(&p->owner, memory_order_relaxed) == h->owner) {
            ac__slab_block *b = block;
            b->next = p->free;
            p->free = b;
            if (--p->used != 0 && p->in_avail)
                return;
            ac__slab_free_local_slow(h, p);
            return;
        }
    }
    ac__slab_free_slow(h, block, size);
}

/* Strings of a hot path (a host name, an exception's message): a copy of
 * s (NULL when out of memory), and its release (NULL is ignored). */
char *ac__slab_strdup(const char *s);
static inline void ac__slab_strfree(char *s)
{
    if (s != NULL)
        ac__slab_free(s, strlen(s) + 1);
}

/* Whether this process uses the slab (else malloc for every block). */
int ac__slab_enabled(void);

/* For tests: the pages the calling thread uses (not empty, or kept as the
 * head of their class), and the segments of every thread mapped now
 * (spares and abandoned ones included). */
size_t ac__slab_thread_pages(void);
size_t ac__slab_mapped_segments(void);
/* For tests: takes back the blocks other threads freed to this one. */
void ac__slab_collect(void);
/* For tests: whether p lies in a page the calling thread's slab carved. */
bool ac__slab_holds(const void *p);

#endif
