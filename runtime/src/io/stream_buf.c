/* stream_buf.c - a growable byte buffer with a consumed front, and the
 * readline rules of asyncio.StreamReader. */
#include "io/stream_buf.h"

#include <stdlib.h>
#include <string.h>

#include "asyncc.h"

void ac__buf_init(ac_bytebuf *b)
{
    b->data = NULL;
    b->start = b->end = b->cap = 0;
}

void ac__buf_free(ac_bytebuf *b)
{
    free(b->data);
    ac__buf_init(b);
}

int ac__buf_reserve(ac_bytebuf *b, size_t n)
{
    if (b->cap - b->end >= n)
        return 0;
    size_t len = ac__buf_len(b);
    /* Slide the data down first: a consumed front is free room. */
    if (b->start > 0) {
        memmove(b->data, b->data + b->start, len);
        b->start = 0;
        b->end = len;
        if (b->cap - b->end >= n)
            return 0;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - len < n)
        cap *= 2;
    unsigned char *data = realloc(b->data, cap);
    if (data == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

int ac__buf_append(ac_bytebuf *b, const void *p, size_t n)
{
    if (n == 0)
        return 0;
    if (ac__buf_reserve(b, n) < 0)
        return -1;
    memcpy(ac__buf_tail(b), p, n);
    ac__buf_commit(b, n);
    return 0;
}

void ac__buf_consume(ac_bytebuf *b, size_t n)
{
    b->start += n;
    if (b->start == b->end)
        b->start = b->end = 0;
}

size_t ac__buf_take(ac_bytebuf *b, void *dst, size_t n)
{
    size_t len = ac__buf_len(b);
    if (n > len)
        n = len;
    if (n > 0)
        memcpy(dst, ac__buf_data(b), n);
    ac__buf_consume(b, n);
    return n;
}

ac_line_status ac__buf_line(ac_bytebuf *b, size_t limit, int eof, size_t *len)
{
    size_t have = ac__buf_len(b);
    const unsigned char *nl = have ? memchr(ac__buf_data(b), '\n', have) : NULL;
    if (nl != NULL) {
        size_t line = (size_t)(nl - ac__buf_data(b)) + 1;
        if (line <= limit) {
            *len = line;
            return AC_LINE_READY;
        }
        ac__buf_consume(b, line);
        return AC_LINE_TOO_LONG;
    }
    if (have > limit) {
        ac__buf_consume(b, have);
        return AC_LINE_NO_SEP;
    }
    if (eof) {
        *len = have;
        return AC_LINE_READY;
    }
    return AC_LINE_NEED_MORE;
}
