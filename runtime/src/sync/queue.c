/* queue.c - asyncio.Queue, LifoQueue and PriorityQueue of fixed-size
 * items, copied in when put and out into the destination when got.
 *
 * The items live in one array: a ring for FIFO, a stack for LIFO, a
 * binary heap for priority (heapq's algorithm, so that equal keys come
 * out in the order Python's would).  put and get are coroutines whose
 * frames carry the item (put's copy, get's result): their ac_code is the
 * queue's, sized for its items. */
#include "sync/sync.h"

#include <stdint.h>
#include <stdlib.h>

/* asyncio.QueueEmpty and asyncio.QueueFull. */
const ac_exc_type ac_QueueEmpty = {"QueueEmpty", &ac_Exception};
const ac_exc_type ac_QueueFull = {"QueueFull", &ac_Exception};

/* Frames keep their item at this offset, past the header. */
#define ITEM_ALIGN 16
#define ITEM_OFFSET(frame_t)                                                   \
    ((sizeof(frame_t) + ITEM_ALIGN - 1) / ITEM_ALIGN * ITEM_ALIGN)

static unsigned char *slot(ac_queue *q, size_t i)
{
    return q->items + i * q->item_size;
}

/* ---- storage --------------------------------------------------------- */

static int grow(ac_queue *q)
{
    size_t cap = q->cap ? q->cap * 2 : 8;
    unsigned char *items = malloc(cap * (q->item_size ? q->item_size : 1));
    if (items == NULL)
        return ac_err_format(&ac_MemoryError, NULL);
    for (size_t i = 0; i < q->len; i++) /* the ring unrolled */
        memcpy(items + i * q->item_size, slot(q, (q->head + i) % q->cap),
               q->item_size);
    free(q->items);
    q->items = items;
    q->cap = cap;
    q->head = 0;
    return 0;
}

static bool less(ac_queue *q, const void *a, const void *b)
{
    return q->cmp(a, b) < 0;
}

/* heapq._siftdown: the item at pos moves up towards start. */
static void sift_down(ac_queue *q, size_t start, size_t pos)
{
    memcpy(q->tmp, slot(q, pos), q->item_size);
    while (pos > start) {
        size_t parent = (pos - 1) / 2;
        if (!less(q, q->tmp, slot(q, parent)))
            break;
        memcpy(slot(q, pos), slot(q, parent), q->item_size);
        pos = parent;
    }
    memcpy(slot(q, pos), q->tmp, q->item_size);
}

/* heapq._siftup: the smaller child moves up until a leaf, then down. */
static void sift_up(ac_queue *q, size_t pos)
{
    size_t end = q->len, start = pos, child = 2 * pos + 1;
    unsigned char *item = q->tmp + q->item_size;
    memcpy(item, slot(q, pos), q->item_size);
    while (child < end) {
        size_t right = child + 1;
        if (right < end && !less(q, slot(q, child), slot(q, right)))
            child = right;
        memcpy(slot(q, pos), slot(q, child), q->item_size);
        pos = child;
        child = 2 * pos + 1;
    }
    memcpy(slot(q, pos), item, q->item_size);
    sift_down(q, start, pos);
}

static int store(ac_queue *q, const void *item)
{
    if (q->len == q->cap && grow(q) < 0)
        return -1;
    size_t at = q->kind == AC__Q_FIFO ? (q->head + q->len) % q->cap : q->len;
    if (item)
        memcpy(slot(q, at), item, q->item_size);
    else /* NULL: an item of zeroes */
        memset(slot(q, at), 0, q->item_size);
    q->len++;
    if (q->kind == AC__Q_PRIORITY)
        sift_down(q, 0, q->len - 1);
    return 0;
}

static void take(ac_queue *q, void *out)
{
    unsigned char *from;
    q->len--;
    if (q->kind == AC__Q_FIFO) {
        from = slot(q, q->head);
        q->head = (q->head + 1) % q->cap;
    } else if (q->kind == AC__Q_LIFO || q->len == 0) {
        from = slot(q, q->len);
    } else { /* heappop: the last item replaces the first, sifted */
        if (out)
            memcpy(out, slot(q, 0), q->item_size);
        memcpy(slot(q, 0), slot(q, q->len), q->item_size);
        sift_up(q, 0);
        return;
    }
    if (out)
        memcpy(out, from, q->item_size);
}

/* ---- the synchronous part -------------------------------------------- */

size_t ac_queue_qsize(ac_queue *q)
{
    return q->len;
}

bool ac_queue_empty(ac_queue *q)
{
    return q->len == 0;
}

bool ac_queue_full(ac_queue *q)
{
    return q->maxsize > 0 && q->len >= q->maxsize;
}

/* Queue._wakeup_next: the first waiter not done leaves the list, woken;
 * done ones before it leave too. */
static void wakeup_next(ac__waiters *l)
{
    while (l->head) {
        ac__waiter *w = l->head;
        ac__waiters_remove(l, w);
        if (!ac__waiter_done(w)) {
            ac__future_finish(w->fut, NULL);
            break;
        }
    }
}

int ac_queue_put_nowait(ac_queue *q, const void *item)
{
    if (ac_queue_full(q))
        return ac_err_format(&ac_QueueFull, NULL);
    if (store(q, item) < 0)
        return -1;
    q->unfinished++;
    ac_event_clear(q->finished);
    wakeup_next(&q->getters);
    return 0;
}

int ac_queue_get_nowait(ac_queue *q, void *out)
{
    if (ac_queue_empty(q))
        return ac_err_format(&ac_QueueEmpty, NULL);
    take(q, out);
    wakeup_next(&q->putters);
    return 0;
}

int ac_queue_task_done(ac_queue *q)
{
    if (q->unfinished == 0)
        return ac_err_format(&ac_ValueError,
                             "task_done() called too many times");
    if (--q->unfinished == 0)
        ac_event_set(q->finished);
    return 0;
}

/* ---- put and get ------------------------------------------------------ */

typedef struct op_frame {
    ac_frame hdr;
    ac_queue *q;
    ac__waiter w;
    void *aw;
    /* the item follows at ITEM_OFFSET(op_frame) */
} op_frame;

static void *op_item(op_frame *fr)
{
    return (unsigned char *)fr + ITEM_OFFSET(op_frame);
}

static void op_drop(ac_frame *f)
{
    op_frame *fr = (op_frame *)f;
    ac_queue *q = fr->q;
    ac__waiters *l = q == NULL                      ? NULL
                     : fr->hdr.code == &q->get_code ? &q->getters
                                                    : &q->putters;
    /* the queue goes last: its frames' code lives in it */
    ac__waiting_drop(&fr->aw, &fr->q, l, &fr->w);
}

/* Waits (state 1) while blocked(q), on the list l; other_ready: whether,
 * cancelled after a wake-up, the wake-up goes on to the next waiter.
 * > 0 suspended, 0 no longer blocked, < 0 raised. */
static int wait_while(ac_frame *f, ac__waiters *l, bool (*blocked)(ac_queue *))
{
    op_frame *fr = (op_frame *)f;
    ac_queue *q = fr->q;
    int r;
    if (f->state == 1)
        goto s1;
    while (blocked(q)) {
        if (ac__waiters_push(l, &fr->w) < 0)
            return -1;
        fr->aw = ac__waiter_awaitable(&fr->w);
        r = ac__io_await(f, &fr->aw, 1);
        if (r > 0)
            return r;
        if (r == 0) {
        s1:
            f->state = 0;
            r = ac__await_result(f, &fr->aw, NULL, 0);
        }
        if (r < 0) {
            /* asyncio's `except:` (any exception) cancels the waiter's
             * future and passes a wake-up it had on.  A CancelledError
             * cancelled it already; for another exception a pending
             * future counts as cancelled (cancelling it here would
             * schedule its task's step while the task may be going). */
            bool woken =
                ac__waiter_done(&fr->w) && !ac__waiter_cancelled(&fr->w);
            ac__waiters_remove(l, &fr->w);
            if (!blocked(q) && woken)
                wakeup_next(l);
            return -1;
        }
    }
    return 0;
}

static bool is_empty(ac_queue *q)
{
    return q->len == 0;
}

static int get_resume(ac_frame *f)
{
    op_frame *fr = (op_frame *)f;
    ac_queue *q = fr->q;
    int r = wait_while(f, &q->getters, is_empty);
    if (r != 0)
        return r > 0 ? r : AC_RAISED;
    return ac_queue_get_nowait(q, op_item(fr)) < 0 ? AC_RAISED : AC_RETURNED;
}

static int put_resume(ac_frame *f)
{
    op_frame *fr = (op_frame *)f;
    ac_queue *q = fr->q;
    int r = wait_while(f, &q->putters, ac_queue_full);
    if (r != 0)
        return r > 0 ? r : AC_RAISED;
    return ac_queue_put_nowait(q, op_item(fr)) < 0 ? AC_RAISED : AC_RETURNED;
}

static op_frame *new_op(ac_queue *q, const ac_code *code)
{
    op_frame *fr = (op_frame *)ac__frame_new(code);
    if (fr == NULL)
        return NULL;
    ac_incref(q);
    fr->q = q;
    return fr;
}

void *ac_queue_get(ac_queue *q)
{
    return new_op(q, &q->get_code);
}

void *ac_queue_put(ac_queue *q, const void *item)
{
    op_frame *fr = new_op(q, &q->put_code);
    if (fr != NULL && item != NULL) /* NULL: zeroes (the frame's) */
        memcpy(op_item(fr), item, q->item_size);
    return fr;
}

/* ---- join ------------------------------------------------------------ */

typedef struct join_frame {
    ac_frame hdr;
    ac_queue *q;
    void *aw;
} join_frame;

static void join_drop(ac_frame *f)
{
    join_frame *fr = (join_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->q);
    fr->q = NULL;
}

static int join_resume(ac_frame *f)
{
    join_frame *fr = (join_frame *)f;
    int r;
    if (f->state == 1)
        goto s1;
    if (fr->q->unfinished == 0)
        return AC_RETURNED;
    fr->aw = ac_event_wait(fr->q->finished);
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    return r < 0 ? AC_RAISED : AC_RETURNED;
}

AC__CORO_CODE_VOID(join_code, "join", join_frame, join_resume, join_drop);

void *ac_queue_join(ac_queue *q)
{
    join_frame *fr = (join_frame *)ac__frame_new(&join_code);
    if (fr == NULL)
        return NULL;
    ac_incref(q);
    fr->q = q;
    return fr;
}

/* ---- the handle ------------------------------------------------------ */

static void queue_dealloc(ac_object *self)
{
    ac_queue *q = (ac_queue *)self;
    ac_decref(q->finished);
    free(q->items);
    free(q->tmp);
    free(q);
}

static const ac_objtype queue_type = {
    .name = "Queue", .kind = AC_OBJ_OTHER, .dealloc = queue_dealloc};

static ac_code op_code(const char *name, ac_resume_fn resume, size_t item_size,
                       size_t result_size)
{
    size_t off = ITEM_OFFSET(op_frame);
    return (ac_code){.name = name,
                     .file = __FILE__,
                     .line = __LINE__,
                     .kind = AC_KIND_CORO,
                     .frame_size = off + item_size,
                     .result_size = result_size,
                     .result_offset = result_size ? off : 0,
                     .resume = resume,
                     .drop = op_drop};
}

static ac_queue *new_queue(int kind, size_t item_size, size_t maxsize,
                           int (*cmp)(const void *, const void *))
{
    ac_queue *q = ac__zalloc(sizeof *q);
    if (q == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&q->ob, &queue_type);
    q->kind = kind;
    q->item_size = item_size;
    q->maxsize = maxsize;
    q->cmp = cmp;
    q->get_code = op_code("get", get_resume, item_size, item_size);
    q->put_code = op_code("put", put_resume, item_size, 0);
    q->finished = ac_event_new();
    q->tmp = malloc(2 * item_size + 1);
    if (q->finished == NULL || q->tmp == NULL) {
        ac_decref(q);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac_event_set(q->finished);
    return q;
}

ac_queue *ac_queue_new(size_t item_size, size_t maxsize)
{
    return new_queue(AC__Q_FIFO, item_size, maxsize, NULL);
}

ac_queue *ac_lifo_queue_new(size_t item_size, size_t maxsize)
{
    return new_queue(AC__Q_LIFO, item_size, maxsize, NULL);
}

ac_queue *ac_priority_queue_new(size_t item_size, size_t maxsize,
                                int (*cmp)(const void *, const void *))
{
    if (cmp == NULL) {
        ac_err_format(&ac_TypeError, "a priority queue needs a comparison");
        return NULL;
    }
    return new_queue(AC__Q_PRIORITY, item_size, maxsize, cmp);
}
