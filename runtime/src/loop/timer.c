/* timer.c - the loop's timers: a binary min-heap ordered by (when, seq),
 * keys kept in the array, each timer knowing its index so that cancelling
 * one is O(log n). */
#include "loop/loop.h"

#include <math.h>
#include <stdlib.h>

static bool earlier(const ac__heap_entry *a, const ac__heap_entry *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(ac_loop *loop, size_t i, ac__heap_entry e)
{
    loop->heap[i] = e;
    e.t->heap_index = i;
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

/* The heap owns a reference to each timer in it: the caller's. */
int ac__heap_push(ac_loop *loop, ac__timer *t)
{
    if (loop->nheap == loop->heap_cap) {
        size_t cap = loop->heap_cap ? loop->heap_cap * 2 : 16;
        ac__heap_entry *heap = realloc(loop->heap, cap * sizeof *heap);
        if (heap == NULL)
            return ac_err_format(&ac_MemoryError, NULL);
        loop->heap = heap;
        loop->heap_cap = cap;
    }
    t->seq = loop->timer_seq++;
    t->loop = loop;
    place(loop, loop->nheap++, (ac__heap_entry){t->when, t->seq, t});
    sift_up(loop, loop->nheap - 1);
    return 0;
}

/* Removes the earliest timer; its reference passes to the caller. */
ac__timer *ac__heap_pop(ac_loop *loop)
{
    if (loop->nheap == 0)
        return NULL;
    ac__timer *top = loop->heap[0].t;
    ac__heap_entry last = loop->heap[--loop->nheap];
    if (loop->nheap > 0) {
        place(loop, 0, last);
        sift_down(loop, 0);
    }
    top->heap_index = AC__NOT_IN_HEAP;
    return top;
}

/* Removes t and drops the heap's reference to it. */
void ac__heap_remove(ac_loop *loop, ac__timer *t)
{
    size_t i = t->heap_index;
    ac__heap_entry last = loop->heap[--loop->nheap];
    t->heap_index = AC__NOT_IN_HEAP;
    if (last.t != t) {
        place(loop, i, last);
        sift_up(loop, i);
        sift_down(loop, last.t->heap_index);
    }
    ac__handle_release(&t->h.h);
}

void ac__timer_arm(ac_loop *loop, ac__timer *t, double when)
{
    if (t->heap_index != AC__NOT_IN_HEAP)
        ac__heap_remove(t->loop, t);
    t->h.h.cancelled = 0;
    t->when = when;
    ac_incref(&t->h.h); /* the heap's reference */
    if (ac__heap_push(loop, t) < 0) {
        /* Out of memory for the heap: the timer never fires. */
        ac__handle_release(&t->h.h);
        ac_err_clear();
    }
}

void ac__timer_disarm(ac__timer *t)
{
    if (t->heap_index != AC__NOT_IN_HEAP)
        ac__heap_remove(t->loop, t);
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
    if (ac__heap_push(loop, t) < 0) {
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
