/* buf.c - a growable byte buffer and allocation that aborts on failure. */
#include "frontend/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ac_oom(void)
{
    fputs("asyncc: error: out of memory\n", stderr);
    abort();
}

void *ac_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        ac_oom();
    return p;
}

void *ac_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        ac_oom();
    return p;
}

void *ac_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        ac_oom();
    return q;
}

char *ac_xstrndup(const char *s, size_t n)
{
    char *p = ac_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void ac_buf_init(ac_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void ac_buf_free(ac_buf *b)
{
    free(b->data);
    ac_buf_init(b);
}

/* Makes room for n more bytes plus the terminating NUL. */
static void ac_buf_reserve(ac_buf *b, size_t n)
{
    if (n >= SIZE_MAX / 2 - b->len)
        ac_oom();
    if (b->len + n + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
        cap *= 2;
    b->data = ac_xrealloc(b->data, cap);
    b->cap = cap;
}

void ac_buf_add(ac_buf *b, const char *s, size_t n)
{
    ac_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ac_buf_puts(ac_buf *b, const char *s)
{
    ac_buf_add(b, s, strlen(s));
}

void ac_buf_putc(ac_buf *b, char c)
{
    ac_buf_add(b, &c, 1);
}

void ac_buf_vprintf(ac_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    ac_buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ac_buf_printf(ac_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ac_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *ac_buf_steal(ac_buf *b)
{
    char *data = b->data;
    if (data == NULL)
        data = ac_xstrndup("", 0);
    ac_buf_init(b);
    return data;
}

int ac_strs_has(char *const *v, size_t n, const char *s, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(v[mid], s, len);
        if (c == 0 && v[mid][len] != 0)
            c = 1; /* v[mid] is longer: after s */
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
