/* stream_buf.h - runtime-internal: the byte buffer behind a stream, and the
 * line/exact-size logic of readline and readexactly.  No I/O here: the
 * stream fills the buffer from its socket and asks what it can hand out. */
#ifndef AC_STREAM_BUF_H
#define AC_STREAM_BUF_H

#include <stddef.h>
#include <sys/types.h>

/* Bytes data[start..end) are buffered; data[end..cap) is free room. */
typedef struct ac_bytebuf {
    unsigned char *data;
    size_t start, end, cap;
} ac_bytebuf;

void ac__buf_init(ac_bytebuf *b);
void ac__buf_free(ac_bytebuf *b);
static inline size_t ac__buf_len(const ac_bytebuf *b)
{
    return b->end - b->start;
}
static inline const unsigned char *ac__buf_data(const ac_bytebuf *b)
{
    return b->data + b->start;
}
/* Room for at least n more bytes at ac__buf_tail; 0, or -1 (MemoryError
 * set) when out of memory. */
int ac__buf_reserve(ac_bytebuf *b, size_t n);
static inline unsigned char *ac__buf_tail(ac_bytebuf *b)
{
    return b->data + b->end;
}
static inline void ac__buf_commit(ac_bytebuf *b, size_t n)
{
    b->end += n;
}
int ac__buf_append(ac_bytebuf *b, const void *p, size_t n);
/* Drop n bytes from the front (n <= length). */
void ac__buf_consume(ac_bytebuf *b, size_t n);
/* Copy up to n bytes out and consume them; the count copied. */
size_t ac__buf_take(ac_bytebuf *b, void *dst, size_t n);

/* What readline can do now with at most `limit` bytes of line. */
typedef enum {
    AC_LINE_READY,     /* *len bytes, '\n' included (or the tail at EOF) */
    AC_LINE_NEED_MORE, /* no '\n' yet: read more */
    AC_LINE_TOO_LONG,  /* '\n' is past the limit (already dropped) */
    AC_LINE_NO_SEP     /* no '\n' within the limit (buffer cleared) */
} ac_line_status;

/* eof: no more data will come.  On TOO_LONG/NO_SEP the buffer is trimmed
 * as asyncio's readline does (through the separator, or all of it). */
ac_line_status ac__buf_line(ac_bytebuf *b, size_t limit, int eof, size_t *len);

#endif
