/* channel.c - ac_channel: a mutex-guarded queue of byte strings between
 * threads.  Any thread sends (the bytes are copied); a coroutine on a loop
 * receives, parked on a future of its own loop that a sender completes
 * through ac_call_soon_threadsafe.  Nothing but bytes crosses threads.
 *
 * A queued wake-up holds the channel (an atomic count of holders, the
 * user's and one per wake-up): a receive dropped after a send queued one,
 * then ac_channel_free, leaves the loop a wake-up that still runs on a
 * live channel. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "asyncc.h"
#include "core/object.h"
#include "io/sock_coro.h"
#include "loop/loop.h"

typedef struct chan_msg {
    struct chan_msg *next;
    size_t len;
    unsigned char data[];
} chan_msg;

/* A receiver parked on its loop; lives in the receiving frame and is
 * linked and unlinked under the lock, by its own loop's thread only. */
typedef struct chan_waiter {
    struct chan_waiter *prev, *next;
    ac_loop *loop;
    ac_future *fut; /* borrowed from the frame's await slot */
} chan_waiter;

struct ac_channel {
    pthread_mutex_t lock;
    chan_msg *head, *tail;
    chan_waiter *waiters;
    bool closed;
    atomic_int holders; /* the user, and each queued wake-up */
};

ac_channel *ac_channel_new(void)
{
    ac_channel *ch = ac__zalloc(sizeof *ch);
    if (ch == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    pthread_mutex_init(&ch->lock, NULL);
    atomic_init(&ch->holders, 1);
    return ch;
}

static void release(ac_channel *ch)
{
    if (atomic_fetch_sub_explicit(&ch->holders, 1, memory_order_acq_rel) != 1)
        return;
    for (chan_msg *m = ch->head, *next; m != NULL; m = next) {
        next = m->next;
        free(m);
    }
    pthread_mutex_destroy(&ch->lock);
    free(ch);
}

void ac_channel_free(ac_channel *ch)
{
    if (ch != NULL)
        release(ch);
}

/* What a queued wake-up's handle holds: one hold on the channel, dropped
 * on the receiver's loop when the handle goes (run, or never run because
 * the loop was freed first). */
typedef struct wake_hold {
    ac_object ob;
    ac_channel *ch;
} wake_hold;

static void wake_hold_dealloc(ac_object *self)
{
    wake_hold *h = (wake_hold *)self;
    release(h->ch);
    free(h);
}

static const ac_objtype wake_hold_type = {.name = "channel wake-up",
                                          .kind = AC_OBJ_OTHER,
                                          .dealloc = wake_hold_dealloc};

/* On a receiver's loop: complete the futures of this loop's waiters (they
 * look at the queue again when they resume). */
static void wake_here(void *arg)
{
    ac_channel *ch = ((wake_hold *)arg)->ch;
    ac_loop *loop = ac_get_running_loop();
    pthread_mutex_lock(&ch->lock);
    for (chan_waiter *w = ch->waiters; w != NULL; w = w->next)
        if (w->loop == loop && !ac_future_done(w->fut))
            ac_future_set_result(w->fut, NULL);
    pthread_mutex_unlock(&ch->lock);
}

/* Queues wake_here on loop, holding the channel.  Out of memory, the
 * receivers of that loop wake at the next send or close. */
static void queue_wake(ac_channel *ch, ac_loop *loop)
{
    wake_hold *h = malloc(sizeof *h);
    if (h == NULL)
        return;
    ac__object_init(&h->ob, &wake_hold_type);
    h->ch = ch;
    atomic_fetch_add_explicit(&ch->holders, 1, memory_order_relaxed);
    /* its handle takes h */
    if (ac__call_soon_threadsafe_hold(loop, wake_here, h, &h->ob) == NULL) {
        ac_err_clear();
        ac_decref(h);
    }
}

/* Called with the lock held: a waiter's loop lives while it is linked. */
static void wake_waiters(ac_channel *ch)
{
    for (chan_waiter *w = ch->waiters; w != NULL; w = w->next) {
        bool seen = false; /* one wakeup per loop is enough */
        for (chan_waiter *v = ch->waiters; v != w; v = v->next)
            seen = seen || v->loop == w->loop;
        if (!seen)
            queue_wake(ch, w->loop);
    }
}

int ac_channel_send(ac_channel *ch, const void *data, size_t n)
{
    chan_msg *m = malloc(sizeof *m + n);
    if (m == NULL)
        return ac_err_format(&ac_MemoryError, NULL);
    m->next = NULL;
    m->len = n;
    if (n > 0)
        memcpy(m->data, data, n);
    pthread_mutex_lock(&ch->lock);
    if (ch->closed) {
        pthread_mutex_unlock(&ch->lock);
        free(m);
        return ac_err_format(&ac_RuntimeError, "channel closed");
    }
    if (ch->tail != NULL)
        ch->tail->next = m;
    else
        ch->head = m;
    ch->tail = m;
    wake_waiters(ch);
    pthread_mutex_unlock(&ch->lock);
    return 0;
}

void ac_channel_close(ac_channel *ch)
{
    pthread_mutex_lock(&ch->lock);
    if (!ch->closed) {
        ch->closed = true;
        wake_waiters(ch);
    }
    pthread_mutex_unlock(&ch->lock);
}

/* ---- recv: a coroutine --------------------------------------------------- */

typedef struct recv_frame {
    ac_frame hdr;
    ssize_t ac_result;
    ac_channel *ch;
    void *buf;
    size_t cap;
    void *aw;
    chan_waiter w;
    bool linked;
} recv_frame;

static void unlink_waiter(recv_frame *fr)
{
    if (!fr->linked)
        return;
    ac_channel *ch = fr->ch;
    pthread_mutex_lock(&ch->lock);
    if (fr->w.prev != NULL)
        fr->w.prev->next = fr->w.next;
    else
        ch->waiters = fr->w.next;
    if (fr->w.next != NULL)
        fr->w.next->prev = fr->w.prev;
    pthread_mutex_unlock(&ch->lock);
    fr->linked = false;
}

static void recv_drop(ac_frame *f)
{
    recv_frame *fr = (recv_frame *)f;
    unlink_waiter(fr);
    ac_decref(fr->aw);
    fr->aw = NULL;
}

/* Under the lock: 1 with a message taken (or -1 at the end), 0 when the
 * queue is empty, -1 raised (the message does not fit). */
static int try_take(recv_frame *fr)
{
    ac_channel *ch = fr->ch;
    chan_msg *m = ch->head;
    if (m == NULL) {
        if (!ch->closed)
            return 0;
        fr->ac_result = -1;
        return 1;
    }
    if (m->len > fr->cap)
        return ac_err_format(&ac_ValueError,
                             "message of %zu bytes does not fit in %zu", m->len,
                             fr->cap);
    ch->head = m->next;
    if (ch->head == NULL)
        ch->tail = NULL;
    if (m->len > 0)
        memcpy(fr->buf, m->data, m->len);
    fr->ac_result = (ssize_t)m->len;
    free(m);
    return 1;
}

static int recv_resume(ac_frame *f)
{
    recv_frame *fr = (recv_frame *)f;
    ac_channel *ch = fr->ch;
    int r;
    if (f->state == 1)
        goto s1;
    for (;;) {
        pthread_mutex_lock(&ch->lock);
        r = try_take(fr);
        if (r == 0) {
            /* Park: linked before the lock drops, so no send is missed. */
            fr->aw = ac_future_new(ac_get_running_loop(), 0);
            if (fr->aw != NULL) {
                fr->w.loop = ac_get_running_loop();
                fr->w.fut = fr->aw;
                fr->w.prev = NULL;
                fr->w.next = ch->waiters;
                if (ch->waiters != NULL)
                    ch->waiters->prev = &fr->w;
                ch->waiters = &fr->w;
                fr->linked = true;
            }
        }
        pthread_mutex_unlock(&ch->lock);
        if (r != 0)
            break;
        r = ac__io_await(f, &fr->aw, 1);
        if (r > 0)
            return r;
        if (r < 0)
            goto fail;
    s1:
        unlink_waiter(fr);
        if (ac__await_result(f, &fr->aw, NULL, 0) < 0)
            goto fail;
    }
    if (r < 0)
        goto fail;
    recv_drop(f);
    return AC_RETURNED;
fail:
    recv_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(recv_code, "ac_channel_recv", recv_frame, recv_resume, recv_drop);

void *ac_channel_recv(ac_channel *ch, void *buf, size_t cap)
{
    recv_frame *fr = (recv_frame *)ac__frame_new(&recv_code);
    if (fr == NULL)
        return NULL;
    fr->ch = ch;
    fr->buf = buf;
    fr->cap = cap;
    return fr;
}
