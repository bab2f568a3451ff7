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
 * empty pages, and abandons the others: each gets `live` = its `used` and
 * then owner NULL; then the remote list is closed (its low bit set) and
 * what was pushed meanwhile is counted off.  From then on, a free into an
 * abandoned page (seen as owner NULL, or as a closed remote list by a
 * thread that read the owner before) decrements `live`, and the free that
 * brings it to 0 unmaps the page.  Every order of these steps counts each
 * block exactly once: `live` is stored before the owner is cleared and the
 * list closed (release), and read after either is seen (acquire).
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
/* Pages are carved from mappings of this many (one mmap, two munmaps to
 * align it). */
#define RESERVE_PAGES 16

/* Process-wide, decided once (every thread must agree: a block may be
 * freed on any of them). */
static pthread_once_t mode_once = PTHREAD_ONCE_INIT;
static int process_mode;
static pthread_key_t exit_key;

static pthread_mutex_t owners_lock = PTHREAD_MUTEX_INITIALIZER;
static ac__slab_owner *owners_free;

static atomic_size_t mapped_pages;

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

/* ---- pages ------------------------------------------------------------ */

static ac__slab_page *map_page(ac__slab_heap *h)
{
    if (h->reserve == h->reserve_end) {
        size_t len = RESERVE_PAGES * AC__SLAB_PAGE;
        char *m = mmap(NULL, len + AC__SLAB_PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        uintptr_t at = ((uintptr_t)m + AC__SLAB_PAGE - 1) &
                       ~(uintptr_t)(AC__SLAB_PAGE - 1);
        char *start = (char *)at;
        if (start != m)
            munmap(m, (size_t)(start - m));
        munmap(start + len, AC__SLAB_PAGE - (size_t)(start - m));
        h->reserve = start;
        h->reserve_end = start + len;
    }
    ac__slab_page *p = (ac__slab_page *)h->reserve;
    h->reserve += AC__SLAB_PAGE;
    atomic_fetch_add_explicit(&mapped_pages, 1, memory_order_relaxed);
    return p;
}

static void unmap_page(ac__slab_page *p)
{
    munmap(p, AC__SLAB_PAGE);
    atomic_fetch_sub_explicit(&mapped_pages, 1, memory_order_relaxed);
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

static void unlink_avail(ac__slab_heap *h, ac__slab_page *p)
{
    if (p->prev != NULL)
        p->prev->next = p->next;
    else
        h->avail[p->cls] = p->next;
    if (p->next != NULL)
        p->next->prev = p->prev;
    p->prev = p->next = NULL;
    p->in_avail = 0;
}

static ac__slab_page *new_page(ac__slab_heap *h, unsigned cls)
{
    ac__slab_page *p = h->spare;
    if (p != NULL)
        h->spare = NULL;
    else if ((p = map_page(h)) == NULL)
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
    p->all_prev = NULL;
    p->all_next = h->pages;
    if (h->pages != NULL)
        h->pages->all_prev = p;
    h->pages = p;
    link_avail(h, p);
    return p;
}

/* An empty page the heap lets go: kept as the spare, else unmapped. */
static void release_page(ac__slab_heap *h, ac__slab_page *p)
{
    if (p->in_avail)
        unlink_avail(h, p);
    if (p->all_prev != NULL)
        p->all_prev->all_next = p->all_next;
    else
        h->pages = p->all_next;
    if (p->all_next != NULL)
        p->all_next->all_prev = p->all_prev;
    if (h->spare == NULL)
        h->spare = p;
    else
        unmap_page(p);
}

/* After a free into p made it empty or gave a full page room. */
void ac__slab_free_local_slow(ac__slab_heap *h, ac__slab_page *p)
{
    if (!p->in_avail)
        link_avail(h, p);
    /* The page allocations come from stays, empty or not: a block
     * allocated and freed in turn must not map and unmap a page. */
    if (p->used == 0 && h->avail[p->cls] != p)
        release_page(h, p);
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
    if (atomic_fetch_sub_explicit(&p->live, 1, memory_order_acq_rel) == 1)
        unmap_page(p);
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
    p->used++;
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

/* ---- thread exit ------------------------------------------------------ */

static void thread_exit(void *arg)
{
    ac__slab_heap *h = arg;
    if (h->mode != AC__SLAB_ON)
        return;
    collect(h);
    if (h->spare != NULL)
        unmap_page(h->spare);
    if (h->reserve != h->reserve_end)
        munmap(h->reserve, (size_t)(h->reserve_end - h->reserve));
    for (ac__slab_page *p = h->pages, *next; p != NULL; p = next) {
        next = p->all_next;
        if (p->used == 0) {
            unmap_page(p);
            continue;
        }
        atomic_store_explicit(&p->live, p->used, memory_order_relaxed);
        atomic_store_explicit(&p->owner, NULL, memory_order_release);
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
    size_t n = h->spare != NULL;
    for (const ac__slab_page *p = h->pages; p != NULL; p = p->all_next)
        n++;
    return n;
}

size_t ac__slab_mapped_pages(void)
{
    return atomic_load_explicit(&mapped_pages, memory_order_relaxed);
}
