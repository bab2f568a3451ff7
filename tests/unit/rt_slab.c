/* rt_slab.c - the per-thread size-class allocator of frames and tasks
 * (core/slab.h, issue 12): size classes, reuse, pages given back when
 * empty, blocks freed by other threads, threads that exit with live
 * blocks, ASYNCC_SLAB=0.  The slab is forced on (ASYNCC_SLAB=1) so that
 * the ASan and valgrind passes, which would otherwise fall back to
 * malloc, run it too. */
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/exc.h"
#include "core/slab.h"
#include "core/vec.h"
#include "gen/frame.h"
#include "loop/loop.h"
#include "rt_core_test.h"

extern char **environ;

/* This program (readlink: under valgrind /proc/self/exe itself is
 * valgrind's). */
static char self_path[4096];

static void test_classes(void)
{
    for (size_t size = 1; size <= AC__SLAB_MAX; size++) {
        unsigned cls = ac__slab_class(size);
        CU_ASSERT_FATAL(cls >= 1 && cls < AC__SLAB_CLASSES);
        size_t got = ac__slab_class_size(cls);
        CU_ASSERT_FATAL(got >= size && got % 16 == 0);
        /* the smallest class that fits */
        CU_ASSERT_FATAL(cls == 1 || ac__slab_class_size(cls - 1) < size);
        /* at most 1/8 of it wasted, past the first steps */
        CU_ASSERT_FATAL(size < 128 || got - size < size / 8);
    }
    CU_ASSERT_EQUAL(ac__slab_class_size(AC__SLAB_CLASSES - 1), AC__SLAB_MAX);
}

static void test_reuse(void)
{
    CU_ASSERT_TRUE_FATAL(ac__slab_enabled());
    char *a = ac__slab_alloc(300), *b = ac__slab_alloc(300);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL((uintptr_t)a % 16, 0);
    CU_ASSERT_EQUAL((uintptr_t)b % 16, 0);
    CU_ASSERT_TRUE(a + 304 <= b || b + 304 <= a);
    CU_ASSERT_PTR_EQUAL(ac__slab_page_of(a), ac__slab_page_of(b));
    memset(a, 0xaa, 300);
    memset(b, 0xbb, 300);
    ac__slab_free(a, 300);
    char *c = ac__slab_alloc(290); /* same class: a's block again */
    CU_ASSERT_PTR_EQUAL(c, a);
    CU_ASSERT_EQUAL((unsigned char)b[299], 0xbb);
    char *z = ac__slab_zalloc(300);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    for (int i = 0; i < 300; i++)
        CU_ASSERT_EQUAL_FATAL(z[i], 0);
    ac__slab_free(z, 300);
    ac__slab_free(c, 290);
    ac__slab_free(b, 300);
}

/* Over AC__SLAB_MAX: malloc's (no page of the slab taken). */
static void test_large(void)
{
    size_t before = ac__slab_thread_pages();
    char *p = ac__slab_alloc(AC__SLAB_MAX + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memset(p, 1, AC__SLAB_MAX + 1);
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), before);
    ac__slab_free(p, AC__SLAB_MAX + 1);
    CU_ASSERT_PTR_NULL(ac__slab_alloc(SIZE_MAX / 4));
}

/* 16 MB of 400-byte blocks: several segments. */
#define MANY 40000

static void *blocks[MANY];

static void test_pages_returned(void)
{
    size_t mapped = ac__slab_mapped_segments();
    for (int i = 0; i < MANY; i++) {
        blocks[i] = ac__slab_alloc(400);
        CU_ASSERT_PTR_NOT_NULL_FATAL(blocks[i]);
        memset(blocks[i], i, 400);
    }
    size_t pages = ac__slab_thread_pages();
    CU_ASSERT_TRUE(pages >= MANY / (AC__SLAB_PAGE / 400));
    size_t segment = AC__SLAB_SEGMENT_PAGES * AC__SLAB_PAGE;
    CU_ASSERT_TRUE(ac__slab_mapped_segments() >=
                   mapped + MANY * (size_t)400 / segment);
    /* Freed in an order that empties pages in the middle of the lists. */
    for (int i = 0; i < MANY; i += 2)
        ac__slab_free(blocks[i], 400);
    for (int i = MANY - 1; i > 0; i -= 2) {
        CU_ASSERT_EQUAL_FATAL(*(unsigned char *)blocks[i], (unsigned char)i);
        ac__slab_free(blocks[i], 400);
    }
    /* Nothing in use; of the empty segments, one spare stays. */
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), 0);
    CU_ASSERT_TRUE(ac__slab_mapped_segments() <= mapped + 1);
    /* Allocated again: as many pages as the first time, not more. */
    for (int i = 0; i < MANY; i++)
        blocks[i] = ac__slab_alloc(400);
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), pages);
    for (int i = 0; i < MANY; i++)
        ac__slab_free(blocks[i], 400);
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), 0);
}

/* A block allocated and freed in turn keeps its page while the page's
 * segment has other pages in use. */
static void test_alternating(void)
{
    void *keep = ac__slab_alloc(64);
    char *first = ac__slab_alloc(300);
    ac__slab_free(first, 300);
    for (int i = 0; i < 1000; i++) {
        char *again = ac__slab_alloc(300);
        CU_ASSERT_PTR_EQUAL_FATAL(again, first);
        ac__slab_free(again, 300);
    }
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), 2);
    ac__slab_free(keep, 64);
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), 0);
}

/* ---- other threads ---------------------------------------------------- */

/* A mailbox of blocks from one thread to another. */
typedef struct mailbox {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    void *blocks[64];
    size_t sizes[64];
    int n;
    bool closed;
} mailbox;

static void mailbox_init(mailbox *m)
{
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->changed, NULL);
    m->n = 0;
    m->closed = false;
}

static void mailbox_put(mailbox *m, void *block, size_t size)
{
    pthread_mutex_lock(&m->lock);
    while (m->n == 64)
        pthread_cond_wait(&m->changed, &m->lock);
    m->blocks[m->n] = block;
    m->sizes[m->n++] = size;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->lock);
}

static void mailbox_close(mailbox *m)
{
    pthread_mutex_lock(&m->lock);
    m->closed = true;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->lock);
}

/* false: closed and empty. */
static bool mailbox_get(mailbox *m, void **block, size_t *size)
{
    pthread_mutex_lock(&m->lock);
    while (m->n == 0 && !m->closed)
        pthread_cond_wait(&m->changed, &m->lock);
    bool got = m->n > 0;
    if (got) {
        *block = m->blocks[--m->n];
        *size = m->sizes[m->n];
        pthread_cond_broadcast(&m->changed);
    }
    pthread_mutex_unlock(&m->lock);
    return got;
}

static void mailbox_destroy(mailbox *m)
{
    pthread_mutex_destroy(&m->lock);
    pthread_cond_destroy(&m->changed);
}

static void *free_all(void *arg)
{
    mailbox *m = arg;
    void *block;
    size_t size;
    long freed = 0;
    while (mailbox_get(m, &block, &size)) {
        unsigned char *b = block;
        if (b[0] != (unsigned char)size || b[size - 1] != (unsigned char)size)
            return NULL; /* someone else's block, or overwritten */
        memset(block, 0xee, size);
        ac__slab_free(block, size);
        freed++;
    }
    return (void *)freed;
}

#define ROUNDS 20000

/* Allocated here, freed by another thread; taken back when this thread
 * runs out; every page empty again at the end. */
static void test_cross_thread_free(void)
{
    size_t mapped = ac__slab_mapped_segments();
    mailbox m;
    mailbox_init(&m);
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, free_all, &m), 0);
    for (long i = 0; i < ROUNDS; i++) {
        size_t size = 48 + (size_t)(i % 7) * 100;
        unsigned char *b = ac__slab_alloc(size);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        memset(b, (unsigned char)size, size);
        if (i % 3 == 0) { /* some freed here, in between */
            ac__slab_free(b, size);
            continue;
        }
        mailbox_put(&m, b, size);
    }
    mailbox_close(&m);
    void *freed;
    pthread_join(t, &freed);
    mailbox_destroy(&m);
    CU_ASSERT_EQUAL((long)freed, ROUNDS - (ROUNDS + 2) / 3);
    ac__slab_collect();
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), 0);
    CU_ASSERT_TRUE(ac__slab_mapped_segments() <= mapped + 1);
}

/* 6 MB of 200-byte blocks: two segments. */
#define BATCH 30000

typedef struct batch {
    void *blocks[BATCH];
    size_t size;
} batch;

static void *alloc_batch(void *arg)
{
    batch *b = arg;
    for (int i = 0; i < BATCH; i++) {
        b->blocks[i] = ac__slab_alloc(b->size);
        if (b->blocks[i] == NULL)
            return NULL;
        memset(b->blocks[i], 0x5a, b->size);
    }
    /* a few freed by their owner, then it exits */
    for (int i = 0; i < BATCH; i += 10) {
        ac__slab_free(b->blocks[i], b->size);
        b->blocks[i] = NULL;
    }
    return b;
}

/* A thread exits with blocks alive: its pages stay until the last of
 * them is freed, here, then go back to the system. */
static void test_thread_exit_live_blocks(void)
{
    static batch b = {.size = 200};
    size_t mapped = ac__slab_mapped_segments();
    pthread_t t;
    void *ok = NULL;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, alloc_batch, &b), 0);
    pthread_join(t, &ok);
    CU_ASSERT_PTR_EQUAL_FATAL(ok, &b);
    CU_ASSERT_EQUAL(ac__slab_mapped_segments(), mapped + 2);
    for (int i = 0; i < BATCH; i++)
        if (b.blocks[i] != NULL)
            ac__slab_free(b.blocks[i], b.size);
    CU_ASSERT_EQUAL(ac__slab_mapped_segments(), mapped);
}

/* Threads exit while others free their blocks, and new threads take
 * over the owners they let go: every block counted once, every page
 * unmapped in the end. */
typedef struct relay {
    mailbox *out;
    int n;
} relay;

static void *alloc_and_exit(void *arg)
{
    relay *r = arg;
    for (int i = 0; i < r->n; i++) {
        size_t size = 32 + (size_t)(i % 5) * 64;
        unsigned char *b = ac__slab_alloc(size);
        if (b == NULL)
            return NULL;
        memset(b, (unsigned char)size, size);
        mailbox_put(r->out, b, size);
    }
    return arg;
}

static void test_exit_while_freeing(void)
{
    size_t mapped = ac__slab_mapped_segments();
    mailbox m;
    mailbox_init(&m);
    pthread_t freer;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&freer, NULL, free_all, &m), 0);
    long total = 0;
    for (int round = 0; round < 40; round++) {
        relay r = {&m, 300 + round * 37};
        pthread_t t;
        void *ok = NULL;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, alloc_and_exit, &r), 0);
        pthread_join(t, &ok);
        CU_ASSERT_PTR_EQUAL(ok, &r);
        total += r.n;
    }
    mailbox_close(&m);
    void *freed;
    pthread_join(freer, &freed);
    mailbox_destroy(&m);
    CU_ASSERT_EQUAL((long)freed, total);
    /* The freer's own heap has no pages: it allocated nothing. */
    CU_ASSERT_EQUAL(ac__slab_mapped_segments(), mapped);
}

/* Coroutine frames and tasks come from it. */
static const ac_code coro_code = {
    "c", "slab.ac", 1,    AC_KIND_CORO, sizeof(ac_frame) + 40, 0, 0,
    0,   0,         NULL, NULL};

static void test_frames(void)
{
    size_t pages = ac__slab_thread_pages();
    ac_frame *f[100];
    for (int i = 0; i < 100; i++) {
        ac__set_task_origin("slab.ac:1");
        f[i] = ac__frame_new(&coro_code);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f[i]);
        CU_ASSERT_EQUAL((uintptr_t)f[i] % 16, 0);
    }
    /* frame and room: one block of a class of its own */
    CU_ASSERT_PTR_EQUAL(ac__slab_page_of(f[0]), ac__slab_page_of(f[99]));
    CU_ASSERT_TRUE(ac__slab_thread_pages() > pages);
    for (int i = 0; i < 100; i++) {
        ac_coro_close((ac_coro *)f[i]);
        ac_decref(f[i]);
    }
}

static void *decref_all(void *arg)
{
    mailbox *m = arg;
    void *frame;
    size_t size;
    long n = 0;
    while (mailbox_get(m, &frame, &size)) {
        ac_decref(frame);
        n++;
    }
    return (void *)n;
}

/* Frames (with room for a task and without) made here, dropped by
 * another thread, as a coroutine handed to a loop on another thread is. */
static void test_frames_freed_elsewhere(void)
{
    size_t mapped = ac__slab_mapped_segments();
    mailbox m;
    mailbox_init(&m);
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, decref_all, &m), 0);
    for (int i = 0; i < 20000; i++) {
        if (i % 2)
            ac__set_task_origin("slab.ac:1");
        ac_frame *f = ac__frame_new(&coro_code);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        ac_coro_close((ac_coro *)f); /* not "never awaited" */
        mailbox_put(&m, f, 0);
    }
    mailbox_close(&m);
    void *n;
    pthread_join(t, &n);
    mailbox_destroy(&m);
    CU_ASSERT_EQUAL((long)n, 20000);
    ac__slab_collect();
    CU_ASSERT_EQUAL(ac__slab_thread_pages(), 0);
    CU_ASSERT_TRUE(ac__slab_mapped_segments() <= mapped + 1);
}

/* ---- what else comes from it ------------------------------------------ */

static void nothing(void *arg)
{
    (void)arg;
}

/* Pages a fresh thread uses after making (and keeping) one exception, or
 * one callback handle: the blocks came from the slab if they took one. */
static void *exc_pages(void *arg)
{
    size_t before = ac__slab_thread_pages();
    ac_exc *e = ac_exc_new(&ac_ValueError, "x");
    *(size_t *)arg = ac__slab_thread_pages() - before;
    ac_decref(e);
    return NULL;
}

static void *handle_pages(void *arg)
{
    size_t before = ac__slab_thread_pages();
    ac_handle *h = ac__handle_new(AC__H_PLAIN, (void *)nothing, NULL, NULL);
    *(size_t *)arg = ac__slab_thread_pages() - before;
    ac_decref(h);
    return NULL;
}

/* Exceptions and callback handles (three a connection in a port scan)
 * are the slab's, not malloc's. */
static void test_exceptions_and_handles(void)
{
    size_t pages = 0;
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, exc_pages, &pages), 0);
    pthread_join(t, NULL);
    /* the exception's page, and its message's ("x") */
    CU_ASSERT_EQUAL(
        pages, ac__slab_class(sizeof(ac_exc)) == ac__slab_class(2) ? 1 : 2);
    pages = 0;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, handle_pages, &pages), 0);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(pages, 1);
}

/* An exception's message and traceback, and the futures of wait_for and
 * of a descriptor's readiness (each made once a connection of a port
 * scan), are the slab's too. */
static void test_exception_parts_and_io_futures(void)
{
    ac_exc *e = ac_exc_new(&ac_ValueError, "refused %d", 7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    for (int i = 0; i < 5; i++) /* past the first array: it grows */
        ac__exc_add_tb(e, "f", "slab.ac", i + 1);
    CU_ASSERT_TRUE(ac__slab_holds(e));
    CU_ASSERT_TRUE(ac__slab_holds(e->msg));
    CU_ASSERT_TRUE(ac__slab_holds(e->tb));
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "refused 7");
    CU_ASSERT_EQUAL(e->ntb, 5);
    CU_ASSERT_EQUAL(e->tb[4].line, 5);
    ac_decref(e);
    /* A NUL formatted into a message longer than the slab's largest block:
     * the message ends at the NUL, and is freed as the block it is. */
    static char longer[AC__SLAB_MAX + 100];
    memset(longer, 'a', sizeof longer - 1);
    e = ac_exc_new(&ac_ValueError, "ab%c%s", 0, longer);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e), "ab");
    CU_ASSERT_TRUE(ac__slab_holds(e->msg));
    ac_decref(e);
    void *empty = ac_exc_new(&ac_ValueError, NULL); /* message "" */
    CU_ASSERT_TRUE(ac__slab_holds(((ac_exc *)empty)->msg));
    ac_decref(empty);
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    void *readable = ac_wait_readable(fds[0]);
    CU_ASSERT_TRUE(ac__slab_holds(readable));
    void *bounded = ac_wait_for(readable, 1.0); /* takes readable */
    CU_ASSERT_TRUE(ac__slab_holds(bounded));
    ac_decref(bounded);
    close(fds[0]);
    close(fds[1]);
    int local;
    CU_ASSERT_FALSE(ac__slab_holds(&local));
}

/* ---- huge pages ------------------------------------------------------ */

/* The VmFlags line of the mapping that holds addr in /proc/self/smaps
 * ("rd wr mr mw me ac hg" ...), or "" when not found. */
static void vmflags_of(const void *addr, char *out, size_t size)
{
    out[0] = '\0';
    FILE *smaps = fopen("/proc/self/smaps", "r");
    if (smaps == NULL)
        return;
    char line[512];
    bool inside = false;
    while (fgets(line, sizeof line, smaps)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            inside = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
        else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            snprintf(out, size, "%s", line + 8);
            break;
        }
    }
    fclose(smaps);
}

static bool has_flag(const char *flags, const char *flag)
{
    size_t n = strlen(flag);
    for (const char *p = strstr(flags, flag); p; p = strstr(p + 1, flag))
        if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n'))
            return true;
    return false;
}

typedef struct huge_seen {
    char first[512], later[512]; /* VmFlags of the two segments */
    int segments;                /* the thread's, at the end */
} huge_seen;

static void *alloc_two_segments(void *arg)
{
    huge_seen *seen = arg;
    static void *mine[MANY];
    int n = 0;
    size_t mapped = ac__slab_mapped_segments();
    mine[n++] = ac__slab_alloc(400);
    vmflags_of(mine[0], seen->first, sizeof seen->first);
    while (ac__slab_mapped_segments() == mapped + 1 && n < MANY)
        mine[n++] = ac__slab_alloc(400);
    vmflags_of(mine[n - 1], seen->later, sizeof seen->later);
    seen->segments = (int)(ac__slab_mapped_segments() - mapped);
    for (int i = 0; i < n; i++)
        ac__slab_free(mine[i], 400);
    return NULL;
}

/* A thread's first segment is advised against huge pages (a small
 * program stays small), the next ones for them (a million tasks do not
 * miss the TLB at every switch).  Where the kernel has no transparent huge
 * pages, neither advice is taken. */
static void test_huge_pages(void)
{
    huge_seen seen = {0};
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, alloc_two_segments, &seen),
                          0);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL_FATAL(seen.segments, 2);
    CU_ASSERT_TRUE_FATAL(seen.first[0] != '\0' && seen.later[0] != '\0');
    bool thp = access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0;
    CU_ASSERT_EQUAL(has_flag(seen.first, "nh"), thp);
    CU_ASSERT_FALSE(has_flag(seen.first, "hg"));
    CU_ASSERT_EQUAL(has_flag(seen.later, "hg"), thp);
    CU_ASSERT_FALSE(has_flag(seen.later, "nh"));
}

/* ASYNCC_SLAB=0: every block is malloc's (checked in a child process:
 * the choice is made once). */
static void test_off(void)
{
    char *argv[] = {self_path, "off", NULL};
    char *envp[] = {"ASYNCC_SLAB=0", NULL};
    pid_t pid;
    CU_ASSERT_EQUAL_FATAL(posix_spawn(&pid, self_path, NULL, NULL, argv, envp),
                          0);
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int check_off(void)
{
    if (ac__slab_enabled())
        return 1;
    void *p = ac__slab_alloc(100);
    if (p == NULL || ac__slab_thread_pages() != 0 ||
        ac__slab_mapped_segments() != 0)
        return 2;
    ac__slab_free(p, 100);
    return 0;
}

/* The runtime's growing arrays (core/vec.h): first elements when empty,
 * doubled when full, the same array while there is room, NULL and
 * nothing changed when the size cannot be counted. */
static void test_vec_room(void)
{
    size_t cap = 0;
    int *v = ac__vec_room(NULL, 0, &cap, sizeof *v, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(cap, 4);
    for (size_t n = 0; n < 100; n++) {
        int *room = ac__vec_room(v, n, &cap, sizeof *v, 4);
        CU_ASSERT_PTR_NOT_NULL_FATAL(room);
        if (n < 4)
            CU_ASSERT_PTR_EQUAL(room, v);
        v = room;
        v[n] = (int)n;
        CU_ASSERT_TRUE(n < cap);
    }
    CU_ASSERT_EQUAL(cap, 128);
    for (int n = 0; n < 100; n++)
        CU_ASSERT_EQUAL(v[n], n);
    size_t full = cap;
    CU_ASSERT_PTR_NULL(ac__vec_room(v, full, &cap, SIZE_MAX / 2, 4));
    CU_ASSERT_EQUAL(cap, full);
    free(v);
}

int main(int argc, char **argv)
{
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (n <= 0)
        return 1;
    self_path[n] = '\0';
    if (argc > 1 && strcmp(argv[1], "off") == 0)
        return check_off();
    setenv("ASYNCC_SLAB", "1", 1);
    static const test_case tests[] = {
        {"size classes", test_classes},
        {"growing arrays", test_vec_room},
        {"reuse", test_reuse},
        {"large blocks", test_large},
        {"pages returned when empty", test_pages_returned},
        {"a block allocated and freed in turn", test_alternating},
        {"cross-thread free", test_cross_thread_free},
        {"thread exit with live blocks", test_thread_exit_live_blocks},
        {"threads exit while others free", test_exit_while_freeing},
        {"frames", test_frames},
        {"frames freed on another thread", test_frames_freed_elsewhere},
        {"huge pages past a thread's first segment", test_huge_pages},
        {"exceptions and handles", test_exceptions_and_handles},
        {"exception parts and I/O futures",
         test_exception_parts_and_io_futures},
        {"ASYNCC_SLAB=0", test_off},
        {NULL, NULL},
    };
    return run_suite("rt_slab", tests);
}
