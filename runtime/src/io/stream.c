/* stream.c - the stream object: write (buffered, sent in the background),
 * drain, close and wait_closed.  Reads are in stream_read.c. */
#include "io/stream.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "io/sock.h"
#include "io/sock_coro.h"
#include "loop/loop.h"

static void stream_dealloc(ac_object *o)
{
    ac_stream *s = (ac_stream *)o;
    ac__sock_close(s->fd);
    ac__buf_free(&s->rbuf);
    ac__buf_free(&s->wbuf);
    ac_decref(s->write_error);
    for (size_t i = 0; i < s->ndrainers; i++)
        ac_decref(s->drainers[i]);
    free(s->drainers);
    ac_decref(s->closed);
    free(s);
}

static const ac_objtype stream_type = {
    .name = "Stream", .kind = AC_OBJ_OTHER, .dealloc = stream_dealloc};

ac_stream *ac__stream_new(int fd)
{
    ac_loop *loop = ac_get_running_loop();
    if (loop == NULL) {
        ac__sock_close(fd);
        ac_err_format(&ac_RuntimeError, "no running event loop");
        return NULL;
    }
    ac_stream *s = ac__zalloc(sizeof *s);
    if (s == NULL) {
        ac__sock_close(fd);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&s->ob, &stream_type);
    s->fd = fd;
    s->loop = loop;
    ac__buf_init(&s->rbuf);
    ac__buf_init(&s->wbuf);
    return s;
}

void ac__stream_release_fd(ac_stream *s)
{
    if (!s->closing || s->fd < 0 || s->io_waiters > 0 || s->flushing)
        return;
    ac__sock_close(s->fd);
    s->fd = -1;
    if (s->closed != NULL && !ac_future_done(s->closed))
        ac_future_set_result(s->closed, NULL);
}

void ac__stream_wait_end(ac_stream *s)
{
    s->io_waiters--;
    ac__stream_release_fd(s);
}

/* Tell every drain() waiting that the buffer is empty or sending failed. */
static void wake_drainers(ac_stream *s)
{
    for (size_t i = 0; i < s->ndrainers; i++) {
        ac_future *f = s->drainers[i];
        if (!ac_future_done(f)) {
            if (s->write_error != NULL) {
                ac_incref(s->write_error);
                ac_future_set_exception(f, s->write_error);
            } else {
                ac_future_set_result(f, NULL);
            }
        }
        ac_decref(f);
    }
    s->ndrainers = 0;
}

/* ---- the flusher: a task sending wbuf until it is empty -------------- */

typedef struct flush_frame {
    ac_frame hdr;
    ac_stream *s;
    void *aw;
    bool waiting;
} flush_frame;

static void flush_drop(ac_frame *f)
{
    flush_frame *fr = (flush_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    if (fr->s == NULL)
        return;
    ac_stream *s = fr->s;
    fr->s = NULL;
    s->flushing = false;
    if (fr->waiting)
        s->io_waiters--;
    ac__stream_release_fd(s);
    ac_decref(s);
}

static int flush_resume(ac_frame *f);
AC__CORO_CODE_VOID(flush_code, "ac_stream_flush", flush_frame, flush_resume,
                   flush_drop);

static int flush_resume(ac_frame *f)
{
    flush_frame *fr = (flush_frame *)f;
    ac_stream *s = fr->s;
    int r;
    switch (f->state) {
    case 0:
        break;
    case 1:
        goto s1;
    }
    while (ac__buf_len(&s->wbuf) > 0) {
        ssize_t n =
            ac__sock_send(s->fd, ac__buf_data(&s->wbuf), ac__buf_len(&s->wbuf));
        if (n >= 0) {
            ac__buf_consume(&s->wbuf, (size_t)n);
            continue;
        }
        if (n == -1)
            goto fail;
        fr->aw = ac__sock_wait_writable(s->fd);
        r = ac__io_await(f, &fr->aw, 1);
        if (r > 0) {
            fr->waiting = true;
            ac__stream_wait_begin(s);
            return r;
        }
        if (r < 0)
            goto fail;
    s1:
        if (fr->waiting) {
            fr->waiting = false;
            s->io_waiters--;
        }
        if (ac__await_result(f, &fr->aw, NULL, 0) < 0)
            goto fail;
    }
    if (s->eof_sent && ac__sock_shutdown_write(s->fd) < 0)
        goto fail;
    wake_drainers(s);
    flush_drop(f);
    return AC_RETURNED;
fail:
    /* Sending failed or the task was cancelled: the data is lost; drain()
     * reports why.  The task itself ends quietly. */
    ac_decref(s->write_error);
    s->write_error = ac_err_fetch();
    ac__buf_free(&s->wbuf);
    wake_drainers(s);
    flush_drop(f);
    return AC_RETURNED;
}

static int start_flusher(ac_stream *s)
{
    flush_frame *fr = (flush_frame *)ac__frame_new(&flush_code);
    if (fr == NULL)
        return -1;
    ac_incref(s);
    fr->s = s;
    s->flushing = true;
    ac_task *t = ac_loop_create_task(s->loop, (ac_coro *)fr, "stream-flush");
    if (t == NULL)
        return -1; /* the frame was released with the coroutine */
    ac_decref(t);
    return 0;
}

/* ---- the deferred send: the writes a task makes before it next
 * suspends go out together, in one send (issue 12) ------------------- */

/* Sending failed: the data is lost; the next write or drain reports why. */
static void lose_wbuf(ac_stream *s)
{
    ac_decref(s->write_error);
    s->write_error = ac_err_fetch();
    ac__buf_free(&s->wbuf);
}

/* Send what write queued now; what the socket does not take goes to the
 * flusher (which also sends end of stream after it). */
static void send_pending(ac_stream *s)
{
    if (!s->send_soon)
        return;
    s->send_soon = false;
    while (ac__buf_len(&s->wbuf) > 0) {
        ssize_t n =
            ac__sock_send(s->fd, ac__buf_data(&s->wbuf), ac__buf_len(&s->wbuf));
        if (n == AC__SOCK_AGAIN)
            break;
        if (n < 0) {
            lose_wbuf(s);
            return;
        }
        ac__buf_consume(&s->wbuf, (size_t)n);
    }
    if (ac__buf_len(&s->wbuf) > 0) {
        if (start_flusher(s) < 0)
            lose_wbuf(s);
    } else if (s->eof_sent && ac__sock_shutdown_write(s->fd) < 0) {
        lose_wbuf(s);
    }
}

static void send_soon_cb(void *arg)
{
    send_pending(arg);
}

/* A callback holding the stream: it runs once the writing task suspends,
 * after every write it made meanwhile. */
static int schedule_send(ac_stream *s)
{
    ac_incref(s);
    ac_handle *h =
        ac__handle_new(AC__H_PLAIN, (void *)send_soon_cb, s, (ac_object *)s);
    if (h == NULL) {
        ac_decref(s); /* the handle never took it */
        return -1;
    }
    ac__loop_ready(s->loop, &h->l);
    ac__handle_release(h);
    s->send_soon = true;
    return 0;
}

int ac_stream_write(ac_stream *s, const void *buf, size_t n)
{
    if (s->write_error != NULL) {
        ac_incref(s->write_error);
        ac_err_set(s->write_error);
        return -1;
    }
    if (s->closing || s->fd < 0)
        return ac_err_format(&ac_RuntimeError, "write to a closed stream");
    if (s->eof_sent)
        return ac_err_format(&ac_RuntimeError,
                             "Cannot call write() after write_eof()");
    if (n == 0)
        return 0;
    if (ac__buf_append(&s->wbuf, buf, n) < 0)
        return -1;
    if (s->flushing || s->send_soon)
        return 0;
    return schedule_send(s);
}

int ac_stream_write_eof(ac_stream *s)
{
    if (s->closing || s->fd < 0)
        return ac_err_format(&ac_RuntimeError, "write to a closed stream");
    if (s->eof_sent)
        return 0;
    s->eof_sent = true;
    if (s->send_soon) {
        send_pending(s); /* sends end of stream after the data */
        return 0;
    }
    /* With data queued, the flusher sends end of stream after it. */
    return s->flushing ? 0 : ac__sock_shutdown_write(s->fd);
}

void ac_stream_close(ac_stream *s)
{
    if (s->closing)
        return;
    send_pending(s); /* close sends everything written first */
    s->closing = true;
    /* Wake a reader parked on the fd: it sees end of stream. */
    if (s->fd >= 0 && s->io_waiters > 0)
        shutdown(s->fd, SHUT_RD);
    ac__stream_release_fd(s);
}

/* ---- drain and wait_closed: await a future the stream completes ------ */

typedef struct wait_frame {
    ac_frame hdr;
    ac_stream *s;
    void *aw;
} wait_frame;

static void wait_drop(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_decref(fr->s);
    fr->s = NULL;
}

static int add_drainer(ac_stream *s, ac_future *fut)
{
    if (s->ndrainers == s->drainers_cap) {
        size_t cap = s->drainers_cap ? 2 * s->drainers_cap : 4;
        ac_future **d = realloc(s->drainers, cap * sizeof *d);
        if (d == NULL)
            return ac_err_format(&ac_MemoryError, NULL);
        s->drainers = d;
        s->drainers_cap = cap;
    }
    ac_incref(fut);
    s->drainers[s->ndrainers++] = fut;
    return 0;
}

static int drain_resume(ac_frame *f);
AC__CORO_CODE_VOID(drain_code, "ac_stream_drain", wait_frame, drain_resume,
                   wait_drop);

static int drain_resume(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac_stream *s = fr->s;
    int r;
    if (f->state == 1)
        goto s1;
    send_pending(s);
    if (s->write_error != NULL) {
        ac_incref(s->write_error);
        ac_err_set(s->write_error);
        goto fail;
    }
    if (!s->flushing)
        goto done;
    fr->aw = ac_future_new(s->loop, 0);
    if (fr->aw == NULL || add_drainer(s, fr->aw) < 0)
        goto fail;
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    if (r < 0)
        goto fail;
done:
    wait_drop(f);
    return AC_RETURNED;
fail:
    wait_drop(f);
    return AC_RAISED;
}

static int wait_closed_resume(ac_frame *f);
AC__CORO_CODE_VOID(wait_closed_code, "ac_stream_wait_closed", wait_frame,
                   wait_closed_resume, wait_drop);

static int wait_closed_resume(ac_frame *f)
{
    wait_frame *fr = (wait_frame *)f;
    ac_stream *s = fr->s;
    int r;
    if (f->state == 1)
        goto s1;
    if (s->fd < 0)
        goto done;
    if (s->closed != NULL && ac_future_done(s->closed)) {
        ac_decref(s->closed); /* an earlier wait_closed was cancelled */
        s->closed = NULL;
    }
    if (s->closed == NULL && (s->closed = ac_future_new(s->loop, 0)) == NULL)
        goto fail;
    ac_incref(s->closed);
    fr->aw = s->closed;
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    if (r < 0)
        goto fail;
done:
    wait_drop(f);
    return AC_RETURNED;
fail:
    wait_drop(f);
    return AC_RAISED;
}

static void *new_wait(const ac_code *code, ac_stream *s)
{
    wait_frame *fr = (wait_frame *)ac__frame_new(code);
    if (fr == NULL)
        return NULL;
    ac_incref(s);
    fr->s = s;
    return fr;
}

void *ac_stream_drain(ac_stream *s)
{
    return new_wait(&drain_code, s);
}

void *ac_stream_wait_closed(ac_stream *s)
{
    return new_wait(&wait_closed_code, s);
}
