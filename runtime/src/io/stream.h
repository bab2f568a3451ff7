/* stream.h - runtime-internal: the stream object shared by the stream
 * files (stream.c: object, write, drain, close; stream_read.c: the read
 * coroutines; stream_open.c: ac_open_connection) and server.c.
 *
 * Descriptor rule: the fd is closed only when no coroutine waits on it
 * (io_waiters == 0), so a poller never watches a number that the kernel
 * may already have handed to another socket.  Closing while someone waits
 * shuts the socket down instead, which wakes the waiters; the last one
 * out closes it. */
#ifndef AC_STREAM_H
#define AC_STREAM_H

#include <stdbool.h>

#include "asyncc.h"
#include "core/object.h"
#include "io/stream_buf.h"

struct ac_stream {
    ac_object ob;
    int fd;               /* -1 once closed */
    ac_loop *loop;        /* the loop it was made on */
    ac_bytebuf rbuf;      /* received, not yet read */
    ac_bytebuf wbuf;      /* written, not yet sent */
    bool eof;             /* the peer sent end of stream */
    bool reading;         /* a read coroutine waits for data */
    bool closing;         /* ac_stream_close was called */
    bool eof_sent;        /* ac_stream_write_eof was called */
    int io_waiters;       /* coroutines waiting on fd readiness */
    ac_exc *write_error;  /* why sending failed (then wbuf is dropped) */
    bool flushing;        /* a task sends wbuf in the background */
    bool send_soon;       /* a callback queued by write sends wbuf */
    bool unreadable;      /* recv found the socket empty: wait first */
    ac_future **drainers; /* drain() calls waiting for wbuf to empty */
    size_t ndrainers, drainers_cap;
    ac_future *closed; /* done when fd is closed; NULL until asked */
};

/* A stream over a connected non-blocking descriptor (taken: closed on
 * failure).  NULL with the exception set. */
ac_stream *ac__stream_new(int fd);

/* Waiter bookkeeping around an await on the stream's fd. */
static inline void ac__stream_wait_begin(ac_stream *s)
{
    s->io_waiters++;
}
void ac__stream_wait_end(ac_stream *s);

/* Close the fd if the stream is closing and nobody needs it any more. */
void ac__stream_release_fd(ac_stream *s);

#endif
