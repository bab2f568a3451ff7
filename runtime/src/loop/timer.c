/* timer.c - the loop's timers, ordered by (when, seq): a sorted run and a
 * binary min-heap.
 *
 * Most timers are armed in deadline order (a wait_for's or a timeout's
 * now + d, the same d each time): those are appended to the run, a ring
 * of keys in order, where arming and cancelling cost O(1) (a cancelled
 * one leaves its slot empty, skipped, and the ring is compacted when half
 * of it is empty).  A timer earlier than the run's last goes to the heap,
 * keys kept in its array, each timer knowing its index, so that
 * cancelling one is O(log n).  The earliest timer is the earlier of the
 * run's first and the heap's top.  (A port scan cancels each connection's
 * wait_for timer when its connect is answered: with 20,000 armed, that
 * took a heap 700 instructions.) */
#include "loop/loop.h"

#include "core/vec.h"

#include <math.h>
#include <stdlib.h>

/* A timer's slot: its heap index, or IN_RUN plus its ring slot, or
 * AC__TIMER_OFF (which has IN_RUN's bit too: test it first). */
#define IN_RUN (((size_t)-1 >> 1) + 1)

static bool earlier(const ac__heap_entry *a, const ac__heap_entry *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(ac_loop *loop, size_t i, ac__heap_entry e)
{
    loop->heap[i] = e;
    e.t->slot = i;
}

static void sift_up(ac_loop *loop, size_t i)
{
    ac__heap_entry e = loop->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!earlier(&e, &loop->heap[parent]))
            break;
        place(loop, i, loop->heap[parent]);
        i = parent;
    }
    place(loop, i, e);
}

static void sift_down(ac_loop *loop, size_t i)
{
    ac__heap_entry e = loop->heap[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= loop->nheap)
            break;
        if (child + 1 < loop->nheap &&
            earlier(&loop->heap[child + 1], &loop->heap[child]))
            child++;
        if (!earlier(&loop->heap[child], &e))
            break;
        place(loop, i, loop->heap[child]);
        i = child;
    }
    place(loop, i, e);
}

static int heap_push(ac_loop *loop, ac__heap_entry e)
{
    ac__heap_entry *heap = ac__vec_room(loop->heap, loop->nheap,
                                        &loop->heap_cap, sizeof *heap, 16);
    if (heap == NULL)
        return ac_err_format(&ac_MemoryError, NULL);
    loop->heap = heap;
    place(loop, loop->nheap++, e);
    sift_up(loop, loop->nheap - 1);
    return 0;
}

static ac__timer *heap_pop(ac_loop *loop)
{
    ac__timer *top = loop->heap[0].t;
    ac__heap_entry last = loop->heap[--loop->nheap];
    if (loop->nheap > 0) {
        place(loop, 0, last);
        sift_down(loop, 0);
    }
    return top;
}

static void heap_remove(ac_loop *loop, ac__timer *t)
{
    size_t i = t->slot;
    ac__heap_entry last = loop->heap[--loop->nheap];
    if (last.t != t) {
        place(loop, i, last);
        sift_up(loop, i);
        sift_down(loop, last.t->slot);
    }
}

/* ---- the run: a ring of keys in order, with empty slots ---------------- */

static ac__heap_entry *run_at(const ac_loop *loop, size_t k)
{
    return &loop->run[(loop->run_head + k) & (loop->run_cap - 1)];
}

static void run_place(ac_loop *loop, size_t k, ac__heap_entry e)
{
    size_t i = (loop->run_head + k) & (loop->run_cap - 1);
    loop->run[i] = e;
    e.t->slot = IN_RUN + i;
}

/* The run's timers, in order, empty slots gone, into ring (of cap slots)
 * from slot head on; ring may be the run's own (an entry only moves back).
 * Their count. */
static size_t run_move_live(ac_loop *loop, ac__heap_entry *ring, size_t cap,
                            size_t head)
{
    size_t w = 0;
    for (size_t k = 0; k < loop->run_len; k++) {
        ac__heap_entry e = *run_at(loop, k);
        if (e.t != NULL) {
            size_t i = (head + w++) & (cap - 1);
            ring[i] = e;
            e.t->slot = IN_RUN + i;
        }
    }
    return w;
}

static void run_compact(ac_loop *loop)
{
    loop->run_len =
        run_move_live(loop, loop->run, loop->run_cap, loop->run_head);
    loop->run_dead = 0;
}

/* The ring twice as large (16 at first), its timers from slot 0 on. */
static int run_grow(ac_loop *loop)
{
    size_t cap = loop->run_cap ? loop->run_cap * 2 : 16;
    ac__heap_entry *ring = malloc(cap * sizeof *ring);
    if (ring == NULL)
        return ac_err_format(&ac_MemoryError, NULL);
    size_t live = run_move_live(loop, ring, cap, 0);
    free(loop->run);
    loop->run = ring;
    loop->run_cap = cap;
    loop->run_head = 0;
    loop->run_len = live;
    loop->run_dead = 0;
    return 0;
}

static int run_append(ac_loop *loop, ac__heap_entry e)
{
    if (loop->run_len == loop->run_cap && run_grow(loop) < 0)
        return -1;
    run_place(loop, loop->run_len++, e);
    return 0;
}

/* The run's first and last slots are never empty. */
static void run_trim(ac_loop *loop)
{
    while (loop->run_len > 0 && run_at(loop, 0)->t == NULL) {
        loop->run_head = (loop->run_head + 1) & (loop->run_cap - 1);
        loop->run_len--;
        loop->run_dead--;
    }
    while (loop->run_len > 0 && run_at(loop, loop->run_len - 1)->t == NULL) {
        loop->run_len--;
        loop->run_dead--;
    }
}

static ac__timer *run_pop(ac_loop *loop)
{
    ac__timer *first = run_at(loop, 0)->t;
    run_at(loop, 0)->t = NULL;
    loop->run_dead++;
    run_trim(loop);
    return first;
}

static void run_remove(ac_loop *loop, ac__timer *t)
{
    loop->run[t->slot - IN_RUN].t = NULL;
    loop->run_dead++;
    run_trim(loop);
    if (loop->run_dead > 16 && loop->run_dead * 2 > loop->run_len)
        run_compact(loop);
}

/* ---- both ---------------------------------------------------------------- */

/* The earliest armed timer's entry (the run's first or the heap's top),
 * or NULL. */
static const ac__heap_entry *first_entry(const ac_loop *loop)
{
    const ac__heap_entry *r = loop->run_len ? run_at(loop, 0) : NULL;
    const ac__heap_entry *h = loop->nheap ? &loop->heap[0] : NULL;
    if (r == NULL || h == NULL)
        return r ? r : h;
    return earlier(h, r) ? h : r;
}

double ac__timers_first_when(const ac_loop *loop)
{
    const ac__heap_entry *e = first_entry(loop);
    return e ? e->when : INFINITY;
}

/* The timers own a reference to each timer armed: the caller's. */
int ac__timers_push(ac_loop *loop, ac__timer *t)
{
    t->seq = loop->timer_seq++;
    t->loop = loop;
    ac__heap_entry e = {t->when, t->seq, t};
    /* Not earlier than the run's last: its key is the larger (seq). */
    bool in_order =
        loop->run_len == 0 || t->when >= run_at(loop, loop->run_len - 1)->when;
    if ((in_order ? run_append(loop, e) : heap_push(loop, e)) < 0)
        return -1;
    loop->ntimers++;
    return 0;
}

/* Takes out the earliest timer; its reference passes to the caller. */
ac__timer *ac__timers_pop(ac_loop *loop)
{
    const ac__heap_entry *e = first_entry(loop);
    if (e == NULL)
        return NULL;
    bool from_heap = loop->nheap > 0 && e == loop->heap;
    ac__timer *t = from_heap ? heap_pop(loop) : run_pop(loop);
    t->slot = AC__TIMER_OFF;
    loop->ntimers--;
    return t;
}

/* Takes out t and drops the timers' reference to it. */
void ac__timers_remove(ac_loop *loop, ac__timer *t)
{
    if (t->slot >= IN_RUN)
        run_remove(loop, t);
    else
        heap_remove(loop, t);
    t->slot = AC__TIMER_OFF;
    loop->ntimers--;
    ac__handle_release(&t->h.h);
}

void ac__timers_free(ac_loop *loop)
{
    free(loop->heap);
    loop->heap = NULL;
    free(loop->run);
    loop->run = NULL;
}

void ac__timer_arm(ac_loop *loop, ac__timer *t, double when)
{
    if (t->slot != AC__TIMER_OFF)
        ac__timers_remove(t->loop, t);
    t->h.h.l.cancelled = 0;
    t->when = when;
    ac_incref(&t->h.h); /* the timers' reference */
    if (ac__timers_push(loop, t) < 0) {
        /* Out of memory for the timers: it never fires. */
        ac__handle_release(&t->h.h);
        ac_err_clear();
    }
}

void ac__timer_disarm(ac__timer *t)
{
    if (t->slot != AC__TIMER_OFF)
        ac__timers_remove(t->loop, t);
}

ac_handle *ac_call_at(ac_loop *loop, double when, void (*cb)(void *), void *arg)
{
    if (ac__loop_check(loop) < 0)
        return NULL;
    ac__timer *t = ac__timer_new(cb, arg);
    if (t == NULL)
        return NULL;
    if (isnan(when))
        when = 0;
    t->when = when;
    if (ac__timers_push(loop, t) < 0) {
        ac_decref(&t->h.h);
        return NULL;
    }
    return &t->h.h;
}

ac_handle *ac_call_later(ac_loop *loop, double delay, void (*cb)(void *),
                         void *arg)
{
    if (isnan(delay) || delay < 0)
        delay = 0;
    return ac_call_at(loop, ac_loop_time(loop) + delay, cb, arg);
}
