/* buf.h - a growable byte buffer, used by every stage of the translator. */
#ifndef AC_BUF_H
#define AC_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ac_buf {
    char *data; /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
} ac_buf;

void ac_buf_init(ac_buf *b);
void ac_buf_free(ac_buf *b);
void ac_buf_add(ac_buf *b, const char *s, size_t n);
void ac_buf_puts(ac_buf *b, const char *s);
void ac_buf_putc(ac_buf *b, char c);
void ac_buf_printf(ac_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ac_buf_vprintf(ac_buf *b, const char *fmt, va_list ap);
char *ac_buf_steal(ac_buf *b); /* returns the data (caller frees); resets b */

/* Allocation that aborts on failure: the translator has no recovery from
 * out-of-memory, and saying so once here keeps every caller simple. */
void *ac_xmalloc(size_t n);
void *ac_xcalloc(size_t n, size_t size);
void *ac_xrealloc(void *p, size_t n);
char *ac_xstrndup(const char *s, size_t n);

/* Whether the sorted (by strcmp) strings v[0..n) hold s[0..len). */
int ac_strs_has(char *const *v, size_t n, const char *s, size_t len);

#endif
