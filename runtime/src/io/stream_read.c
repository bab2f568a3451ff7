/* stream_read.c - ac_stream_read, ac_stream_readexactly, ac_stream_readline:
 * one coroutine that takes what the buffer holds and otherwise waits for
 * the socket, as asyncio.StreamReader. */
#include <errno.h>
#include <stdbool.h>

#include "io/sock.h"
#include "io/sock_coro.h"
#include "io/stream.h"

/* asyncio.IncompleteReadError is an EOFError. */
const ac_exc_type ac_EOFError = {"EOFError", &ac_Exception};
const ac_exc_type ac_IncompleteReadError = {"IncompleteReadError",
                                            &ac_EOFError};

enum { READ_SOME, READ_EXACTLY, READ_LINE };

typedef struct read_frame {
    ac_frame hdr;
    ssize_t ac_result;
    ac_stream *s;
    void *buf;
    size_t n; /* bytes wanted (READ_SOME, READ_EXACTLY) or room (READ_LINE) */
    int mode;
    void *aw;
    bool waiting; /* counted in s->io_waiters */
    bool owns_reading;
} read_frame;

#define READ_CHUNK 65536

static const char *const read_names[] = {"read", "readexactly", "readuntil"};

static void read_drop(ac_frame *f)
{
    read_frame *fr = (read_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    ac_stream *s = fr->s;
    if (s == NULL)
        return;
    fr->s = NULL;
    if (fr->owns_reading)
        s->reading = false;
    if (fr->waiting)
        ac__stream_wait_end(s);
    ac_decref(s);
}

/* A recv that would block, or that took less than it asked for, emptied
 * the socket: the next read waits for the poller's word instead of trying
 * a recv sure to fail (the poller is level-triggered, so data that came
 * meanwhile is reported at once). */
static void note_emptied(ac_stream *s, ssize_t got, size_t asked)
{
    if (got == AC__SOCK_AGAIN || (got > 0 && (size_t)got < asked))
        s->unreadable = true;
}

/* Receive into the stream's buffer: 1 got bytes or end of stream, 0 would
 * block, -1 raised. */
static int fill(ac_stream *s)
{
    if (s->unreadable)
        return 0;
    if (ac__buf_reserve(&s->rbuf, READ_CHUNK) < 0)
        return -1;
    ssize_t n = ac__sock_recv(s->fd, ac__buf_tail(&s->rbuf), READ_CHUNK);
    if (n < 0 && n != AC__SOCK_AGAIN)
        return -1;
    note_emptied(s, n, READ_CHUNK);
    if (n == AC__SOCK_AGAIN)
        return 0;
    if (n == 0)
        s->eof = true;
    ac__buf_commit(&s->rbuf, (size_t)n);
    return 1;
}

static bool at_end(const ac_stream *s)
{
    return s->eof || s->closing || s->fd < 0;
}

/* READ_SOME: what is buffered, else straight from the socket into the
 * caller's buffer (no copy). */
static int step_read(read_frame *fr)
{
    ac_stream *s = fr->s;
    if (fr->n == 0 || ac__buf_len(&s->rbuf) > 0 || at_end(s)) {
        fr->ac_result = (ssize_t)ac__buf_take(&s->rbuf, fr->buf, fr->n);
        return 1;
    }
    if (s->unreadable)
        return 0;
    ssize_t n = ac__sock_recv(s->fd, fr->buf, fr->n);
    if (n < 0 && n != AC__SOCK_AGAIN)
        return -1;
    note_emptied(s, n, fr->n);
    if (n == AC__SOCK_AGAIN)
        return 0;
    if (n == 0)
        s->eof = true;
    fr->ac_result = n;
    return 1;
}

static int step_exactly(read_frame *fr)
{
    ac_stream *s = fr->s;
    for (;;) {
        size_t have = ac__buf_len(&s->rbuf);
        if (have >= fr->n) {
            ac__buf_take(&s->rbuf, fr->buf, fr->n);
            return 1;
        }
        if (at_end(s)) {
            ac__buf_consume(&s->rbuf, have);
            return ac_err_format(&ac_IncompleteReadError,
                                 "%zu bytes read on a total of %zu expected "
                                 "bytes",
                                 have, fr->n);
        }
        int r = fill(s);
        if (r <= 0)
            return r;
    }
}

static int step_line(read_frame *fr)
{
    ac_stream *s = fr->s;
    if (fr->n == 0)
        return ac_err_format(&ac_ValueError, "readline buffer has no room");
    for (;;) {
        size_t len = 0;
        switch (ac__buf_line(&s->rbuf, fr->n - 1, at_end(s), &len)) {
        case AC_LINE_READY:
            ac__buf_take(&s->rbuf, fr->buf, len);
            ((char *)fr->buf)[len] = '\0';
            fr->ac_result = (ssize_t)len;
            return 1;
        case AC_LINE_TOO_LONG:
            return ac_err_format(
                &ac_ValueError,
                "Separator is found, but chunk is longer than limit");
        case AC_LINE_NO_SEP:
            return ac_err_format(
                &ac_ValueError,
                "Separator is not found, and chunk exceed the limit");
        case AC_LINE_NEED_MORE:
            break;
        }
        int r = fill(s);
        if (r <= 0)
            return r;
    }
}

/* 1 done, 0 must wait for the socket, -1 raised. */
static int step(read_frame *fr)
{
    switch (fr->mode) {
    case READ_SOME:
        return step_read(fr);
    case READ_EXACTLY:
        return step_exactly(fr);
    default:
        return step_line(fr);
    }
}

static int read_resume(ac_frame *f)
{
    read_frame *fr = (read_frame *)f;
    ac_stream *s = fr->s;
    int r;
    if (f->state == 1)
        goto s1;
    if (s->reading) {
        ac_err_format(&ac_RuntimeError,
                      "%s() called while another coroutine is already "
                      "waiting for incoming data",
                      read_names[fr->mode]);
        goto fail;
    }
    s->reading = true;
    fr->owns_reading = true;
    while ((r = step(fr)) == 0) {
        fr->aw = ac__sock_wait_readable(s->fd);
        r = ac__io_await(f, &fr->aw, 1);
        if (r > 0) {
            fr->waiting = true;
            ac__stream_wait_begin(s);
            return r;
        }
        if (r < 0)
            goto fail;
    s1:
        /* The wait (and its watcher) ends first: only then may the last
         * waiter out close the descriptor. */
        r = ac__await_result(f, &fr->aw, NULL, 0);
        if (r >= 0)
            s->unreadable = false; /* the poller said readable */
        if (fr->waiting) {
            fr->waiting = false;
            ac__stream_wait_end(s);
        }
        if (r < 0)
            goto fail;
    }
    if (r < 0)
        goto fail;
    read_drop(f);
    return AC_RETURNED;
fail:
    read_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(read_code, "ac_stream_read", read_frame, read_resume, read_drop);
AC__CORO_CODE(readline_code, "ac_stream_readline", read_frame, read_resume,
              read_drop);
AC__CORO_CODE_VOID(readexactly_code, "ac_stream_readexactly", read_frame,
                   read_resume, read_drop);

static void *new_read(const ac_code *code, int mode, ac_stream *s, void *buf,
                      size_t n)
{
    read_frame *fr = (read_frame *)ac__frame_new(code);
    if (fr == NULL)
        return NULL;
    ac_incref(s);
    fr->s = s;
    fr->buf = buf;
    fr->n = n;
    fr->mode = mode;
    return fr;
}

void *ac_stream_read(ac_stream *s, void *buf, size_t n)
{
    return new_read(&read_code, READ_SOME, s, buf, n);
}

void *ac_stream_readexactly(ac_stream *s, void *buf, size_t n)
{
    return new_read(&readexactly_code, READ_EXACTLY, s, buf, n);
}

void *ac_stream_readline(ac_stream *s, char *buf, size_t cap)
{
    return new_read(&readline_code, READ_LINE, s, buf, cap);
}
