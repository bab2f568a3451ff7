/* slab.c - the per-thread size-class allocator's slow paths (slab.h): new
 * pages, blocks freed by other threads, pages given back, thread exit.
 *
 * Cross-thread frees.  A thread frees a block of another thread's page by
 * pushing it onto the owner's remote list (ac__slab_owner.remote, an atomic
 * stack through the blocks' first word).  The owner takes the whole list
 * with one exchange when it runs out of blocks, and frees each block as
 * its own.  Until then the block still counts in its page's `used`.
 *
 * Thread exit.  The exiting thread takes its remote list back, unmaps its
 * segments with no page in use, and abandons the others: each gets
 * `abandoned` = its pages in use, each such page `live` = its `used`, then
 * owner NULL; then the remote list is closed (its low bit set) and what
 * was pushed meanwhile is counted off.  From then on, a free into an
 * abandoned page (seen as owner NULL, or as a closed remote list by a
 * thread that read the owner before) decrements `live`; the free that
 * brings it to 0 decrements the segment's `abandoned`, and the one that
 * brings that to 0 unmaps the segment.  Every order of these steps counts
 * each block exactly once: the counts are stored before the owner is
 * cleared and the list closed (release), and read after either is seen
 * (acquire).
 *
 * Owner structures are never freed: a thread that starts later takes over
 * one let go, its list reopened.  A free that read an owner before its old
 * thread exited and pushes after the new one started lands on the new
 * thread's list; taking it back, the new thread sees the block's page is
 * not its own (owner NULL) and counts it off as abandoned. */
#include "core/slab.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

_Thread_local ac__slab_heap ac__slab_tls;

struct ac__slab_owner {
    /* Blocks other threads freed, linked through their first word; the low
     * bit: closed (the thread exited), push no more. */
    _Atomic uintptr_t remote;
    ac__slab_owner *next_free; /* in the pool of owners let go */
};

#define CLOSED ((uintptr_t)1)
/* The page header, rounded so that blocks keep 16-byte alignment and the
 * first one does not share the header's cache lines. */
#define HEADER ((sizeof(ac__slab_page) + 63) & ~(size_t)63)
#define SEGMENT_BYTES (AC__SLAB_SEGMENT_PAGES * AC__SLAB_PAGE)
#define HUGE_PAGE ((size_t)2 * 1024 * 1024) /* x86-64's and arm64's */
#define MAP_BYTES (SEGMENT_BYTES + HUGE_PAGE)

/* Process-wide, decided once (every thread must agree: a block may be
 * freed on any of them). */
static pthread_once_t mode_once = PTHREAD_ONCE_INIT;
static int process_mode;
static pthread_key_t exit_key;

static pthread_mutex_t owners_lock = PTHREAD_MUTEX_INITIALIZER;
static ac__slab_owner *owners_free;

static atomic_size_t mapped_segments;

static void thread_exit(void *arg);

static void decide_mode(void)
{
    const char *v = getenv("ASYNCC_SLAB");
    if (v != NULL && strcmp(v, "1") == 0)
        process_mode = AC__SLAB_ON;
    else if (v != NULL && strcmp(v, "0") == 0)
        process_mode = AC__SLAB_OFF;
    else /* the tools see each object only in its own malloc'd block */
        process_mode =
            UNDER_ASAN || RUNNING_ON_VALGRIND ? AC__SLAB_OFF : AC__SLAB_ON;
    if (process_mode == AC__SLAB_ON &&
        pthread_key_create(&exit_key, thread_exit) != 0)
        process_mode = AC__SLAB_OFF;
}

int ac__slab_enabled(void)
{
    pthread_once(&mode_once, decide_mode);
    return process_mode == AC__SLAB_ON;
}

/* ---- owners ----------------------------------------------------------- */

static ac__slab_owner *take_owner(void)
{
    pthread_mutex_lock(&owners_lock);
    ac__slab_owner *o = owners_free;
    if (o != NULL)
        owners_free = o->next_free;
    pthread_mutex_unlock(&owners_lock);
    if (o == NULL)
        o = calloc(1, sizeof *o);
    if (o != NULL)
        atomic_store_explicit(&o->remote, 0, memory_order_release);
    return o;
}

static void let_owner_go(ac__slab_owner *o)
{
    pthread_mutex_lock(&owners_lock);
    o->next_free = owners_free;
    owners_free = o;
    pthread_mutex_unlock(&owners_lock);
}

/* The thread's first use: mode OFF, or ON with an owner (else it stays
 * UNKNOWN: out of memory). */
static void heap_start(ac__slab_heap *h)
{
    if (!ac__slab_enabled()) {
        h->mode = AC__SLAB_OFF;
        return;
    }
    h->owner = take_owner();
    if (h->owner == NULL)
        return;
    h->mode = AC__SLAB_ON;
    pthread_setspecific(exit_key, h);
}

/* ---- segments and pages ---------------------------------------------- */

/* A thread's first segment in 4 KiB pages, its others in 2 MiB ones.
 * With a million tasks alive each switch touches another 4 KiB page and
 * misses the TLB: huge pages made bench/tasks.ac's switches 2-4 times
 * faster in user time (issue 12).  The first segment stays small so that a
 * small program's heap does not grow by 2 MiB at once where the system
 * gives huge pages unasked (THP "always").  Advice only: a kernel without
 * transparent huge pages refuses it, and nothing changes. */
static void advise_pages(char *first, bool large_heap)
{
#if defined(MADV_HUGEPAGE) && defined(MADV_NOHUGEPAGE)
    madvise(first, SEGMENT_BYTES, large_heap ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
#else
    (void)first;
    (void)large_heap;
#endif
}

/* One mmap of a huge page more than the segment: its pages are the ones
 * inside from the first huge page boundary (the slack is never touched,
 * never resident). */
static ac__slab_segment *map_segment(ac__slab_heap *h)
{
    ac__slab_segment *seg = malloc(sizeof *seg);
    if (seg == NULL)
        return NULL;
    char *m = mmap(NULL, MAP_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        free(seg);
        return NULL;
    }
    seg->map = m;
    seg->first =
        (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    advise_pages(seg->first, h->segments != NULL);
    seg->carved = 0;
    seg->live = 0;
    atomic_store_explicit(&seg->abandoned, 0, memory_order_relaxed);
    seg->prev = NULL;
    seg->next = h->segments;
    if (h->segments != NULL)
        h->segments->prev = seg;
    h->segments = seg;
    atomic_fetch_add_explicit(&mapped_segments, 1, memory_order_relaxed);
    return seg;
}

static void unmap_segment(ac__slab_segment *seg)
{
    munmap(seg->map, MAP_BYTES);
    free(seg);
    atomic_fetch_sub_explicit(&mapped_segments, 1, memory_order_relaxed);
}

static ac__slab_page *page_at(const ac__slab_segment *seg, unsigned i)
{
    return (ac__slab_page *)(seg->first + (size_t)i * AC__SLAB_PAGE);
}

static void link_avail(ac__slab_heap *h, ac__slab_page *p)
{
    /* Behind the head, which keeps serving allocations. */
    ac__slab_page *head = h->avail[p->cls];
    p->in_avail = 1;
    if (head == NULL) {
        p->prev = p->next = NULL;
        h->avail[p->cls] = p;
        return;
    }
    p->prev = head;
    p->next = head->next;
    if (head->next != NULL)
        head->next->prev = p;
    head->next = p;
}

static void unlink_from(ac__slab_page **list, ac__slab_page *p)
{
    if (p->prev != NULL)
        p->prev->next = p->next;
    else
        *list = p->next;
    if (p->next != NULL)
        p->next->prev = p->prev;
    p->prev = p->next = NULL;
}

static void unlink_avail(ac__slab_heap *h, ac__slab_page *p)
{
    unlink_from(&h->avail[p->cls], p);
    p->in_avail = 0;
}

static void push_free_page(ac__slab_heap *h, ac__slab_page *p)
{
    p->is_free = 1;
    p->prev = NULL;
    p->next = h->free_pages;
    if (h->free_pages != NULL)
        h->free_pages->prev = p;
    h->free_pages = p;
}

/* Its pages all empty: it becomes the spare, or goes. */
static void segment_emptied(ac__slab_heap *h, ac__slab_segment *seg)
{
    /* Empty pages kept as the heads of their classes go with it. */
    for (unsigned cls = 1; cls < AC__SLAB_CLASSES; cls++) {
        ac__slab_page *head = h->avail[cls];
        if (head != NULL && head->seg == seg) {
            unlink_avail(h, head);
            push_free_page(h, head);
        }
    }
    if (h->spare == NULL || h->spare == seg) {
        h->spare = seg;
        return;
    }
    for (unsigned i = 0; i < seg->carved; i++)
        unlink_from(&h->free_pages, page_at(seg, i));
    if (h->carving == seg)
        h->carving = NULL;
    if (seg->prev != NULL)
        seg->prev->next = seg->next;
    else
        h->segments = seg->next;
    if (seg->next != NULL)
        seg->next->prev = seg->prev;
    unmap_segment(seg);
}

/* An empty page: a free one, else the next never used. */
static ac__slab_page *take_page(ac__slab_heap *h)
{
    ac__slab_page *p = h->free_pages;
    if (p != NULL) {
        unlink_from(&h->free_pages, p);
        p->is_free = 0;
        if (h->spare == p->seg)
            h->spare = NULL;
        return p;
    }
    ac__slab_segment *seg = h->carving;
    if (seg == NULL || seg->carved == AC__SLAB_SEGMENT_PAGES) {
        if ((seg = map_segment(h)) == NULL)
            return NULL;
        h->carving = seg;
    }
    p = page_at(seg, seg->carved++);
    p->seg = seg;
    p->is_free = 0;
    if (h->spare == seg)
        h->spare = NULL;
    return p;
}

static ac__slab_page *new_page(ac__slab_heap *h, unsigned cls)
{
    ac__slab_page *p = take_page(h);
    if (p == NULL)
        return NULL;
    size_t size = ac__slab_class_size(cls);
    atomic_store_explicit(&p->owner, h->owner, memory_order_relaxed);
    atomic_store_explicit(&p->live, 0, memory_order_relaxed);
    p->free = NULL;
    p->bump = (char *)p + HEADER;
    p->end = p->bump + (AC__SLAB_PAGE - HEADER) / size * size;
    p->used = 0;
    p->size = (uint32_t)size;
    p->cls = (uint8_t)cls;
    link_avail(h, p);
    return p;
}

/* After a free into p made it empty or gave a full page room. */
void ac__slab_free_local_slow(ac__slab_heap *h, ac__slab_page *p)
{
    if (!p->in_avail)
        link_avail(h, p);
    if (p->used != 0)
        return;
    ac__slab_segment *seg = p->seg;
    seg->live--;
    /* The page allocations come from stays, empty or not (a block
     * allocated and freed in turn must not take and give back a page
     * each time), until its whole segment is empty. */
    if (h->avail[p->cls] != p) {
        unlink_avail(h, p);
        push_free_page(h, p);
    }
    if (seg->live == 0)
        segment_emptied(h, seg);
}

static void free_local(ac__slab_heap *h, ac__slab_page *p, void *block)
{
    ac__slab_block *b = block;
    b->next = p->free;
    p->free = b;
    if (--p->used == 0 || !p->in_avail)
        ac__slab_free_local_slow(h, p);
}

/* A block of a page whose thread exited. */
static void abandoned_free(ac__slab_page *p)
{
    if (atomic_fetch_sub_explicit(&p->live, 1, memory_order_acq_rel) != 1)
        return;
    ac__slab_segment *seg = p->seg;
    if (atomic_fetch_sub_explicit(&seg->abandoned, 1, memory_order_acq_rel) ==
        1)
        unmap_segment(seg);
}

static void remote_free(ac__slab_owner *o, ac__slab_page *p, void *block)
{
    ac__slab_block *b = block;
    if (o != NULL) {
        uintptr_t old = atomic_load_explicit(&o->remote, memory_order_acquire);
        while (!(old & CLOSED)) {
            b->next = (ac__slab_block *)old;
            if (atomic_compare_exchange_weak_explicit(
                    &o->remote, &old, (uintptr_t)b, memory_order_release,
                    memory_order_acquire))
                return;
        }
    }
    abandoned_free(p);
}

/* Frees what other threads pushed onto h's remote list. */
static void collect(ac__slab_heap *h)
{
    uintptr_t list =
        atomic_exchange_explicit(&h->owner->remote, 0, memory_order_acquire);
    for (ac__slab_block *b = (ac__slab_block *)list, *next; b; b = next) {
        next = b->next;
        ac__slab_page *p = ac__slab_page_of(b);
        if (atomic_load_explicit(&p->owner, memory_order_relaxed) == h->owner)
            free_local(h, p, b);
        else /* pushed to this owner's previous thread */
            abandoned_free(p);
    }
}

void ac__slab_collect(void)
{
    ac__slab_heap *h = &ac__slab_tls;
    if (h->mode == AC__SLAB_ON)
        collect(h);
}

static void *take_block(ac__slab_page *p)
{
    ac__slab_block *b = p->free;
    if (b != NULL) {
        p->free = b->next;
    } else {
        b = (ac__slab_block *)p->bump;
        p->bump += p->size;
    }
    if (p->used++ == 0)
        p->seg->live++;
    return b;
}

void *ac__slab_alloc_slow(ac__slab_heap *h, unsigned cls, size_t size)
{
    if (h->mode != AC__SLAB_ON) {
        if (h->mode == AC__SLAB_UNKNOWN)
            heap_start(h);
        if (h->mode == AC__SLAB_OFF)
            return malloc(size);
        if (h->mode != AC__SLAB_ON)
            return NULL;
    }
    /* The head ran out: full pages are in no list until a free.  Every
     * other page in the list has room (only the head is allocated from). */
    ac__slab_page *p = h->avail[cls];
    if (p != NULL && p->free == NULL && p->bump == p->end)
        unlink_avail(h, p);
    if (h->avail[cls] == NULL)
        collect(h);
    p = h->avail[cls];
    if (p == NULL && (p = new_page(h, cls)) == NULL)
        return NULL;
    return take_block(p);
}

void ac__slab_free_slow(ac__slab_heap *h, void *block, size_t size)
{
    (void)size;
    if (h->mode == AC__SLAB_UNKNOWN)
        heap_start(h);
    if (h->mode == AC__SLAB_OFF) {
        free(block);
        return;
    }
    ac__slab_page *p = ac__slab_page_of(block);
    ac__slab_owner *o = atomic_load_explicit(&p->owner, memory_order_acquire);
    if (h->mode == AC__SLAB_ON && o == h->owner)
        free_local(h, p, block);
    else
        remote_free(o, p, block);
}

static void *(*const volatile zero_fill)(void *, int, size_t) = memset;

void *ac__slab_zalloc(size_t size)
{
    void *p = ac__slab_alloc(size);
    if (p != NULL)
        zero_fill(p, 0, size);
    return p;
}

char *ac__slab_strdup(const char *s)
{
    size_t size = strlen(s) + 1;
    char *copy = ac__slab_alloc(size);
    if (copy != NULL)
        memcpy(copy, s, size);
    return copy;
}

/* ---- thread exit ------------------------------------------------------ */

/* Its pages in use get their counts, then lose their owner, the last
 * one last: from then on the segment may be unmapped by any thread that
 * frees into it, so nothing of it is read after that. */
static void abandon_segment(ac__slab_segment *seg)
{
    char *first = seg->first;
    unsigned carved = seg->carved, last = 0;
    atomic_store_explicit(&seg->abandoned, seg->live, memory_order_relaxed);
    for (unsigned i = 0; i < carved; i++) {
        ac__slab_page *p = (ac__slab_page *)(first + i * AC__SLAB_PAGE);
        if (!p->is_free && p->used != 0) {
            atomic_store_explicit(&p->live, p->used, memory_order_relaxed);
            last = i;
        }
    }
    for (unsigned i = 0; i <= last; i++) {
        ac__slab_page *p = (ac__slab_page *)(first + i * AC__SLAB_PAGE);
        if (!p->is_free && p->used != 0)
            atomic_store_explicit(&p->owner, NULL, memory_order_release);
    }
}

static void thread_exit(void *arg)
{
    ac__slab_heap *h = arg;
    if (h->mode != AC__SLAB_ON)
        return;
    collect(h);
    for (ac__slab_segment *seg = h->segments, *next; seg != NULL; seg = next) {
        next = seg->next;
        if (seg->live == 0) {
            unmap_segment(seg);
            continue;
        }
        abandon_segment(seg);
    }
    /* Pushed since the collect: those blocks are counted in `live`. */
    uintptr_t list = atomic_exchange_explicit(&h->owner->remote, CLOSED,
                                              memory_order_acq_rel);
    for (ac__slab_block *b = (ac__slab_block *)list, *next; b; b = next) {
        next = b->next;
        abandoned_free(ac__slab_page_of(b));
    }
    let_owner_go(h->owner);
    memset(h, 0, sizeof *h); /* a later allocation starts over */
}

/* ---- for tests -------------------------------------------------------- */

size_t ac__slab_thread_pages(void)
{
    const ac__slab_heap *h = &ac__slab_tls;
    size_t n = 0;
    for (const ac__slab_segment *seg = h->segments; seg; seg = seg->next)
        for (unsigned i = 0; i < seg->carved; i++)
            n += !page_at(seg, i)->is_free;
    return n;
}

bool ac__slab_holds(const void *p)
{
    const char *c = p;
    for (const ac__slab_segment *seg = ac__slab_tls.segments; seg;
         seg = seg->next)
        if (c >= seg->first && c < seg->first + seg->carved * AC__SLAB_PAGE)
            return true;
    return false;
}

size_t ac__slab_mapped_segments(void)
{
    return atomic_load_explicit(&mapped_segments, memory_order_relaxed);
}
