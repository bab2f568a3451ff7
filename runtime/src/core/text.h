/* text.h - runtime-internal: the few pieces of text the hot paths build
 * by hand.  snprintf costs a thousand instructions before its first
 * character; a refused connect in a port scan words an address and an
 * errno each time. */
#ifndef AC_TEXT_H
#define AC_TEXT_H

#include <stddef.h>
#include <string.h>

/* Writes v's decimal digits at out (no terminator); returns how many. */
static inline size_t ac__put_decimal(char *out, unsigned long v)
{
    char digits[20];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = digits[n - 1 - i];
    return n;
}

/* Writes s at out (no terminator); returns its length. */
static inline size_t ac__put_str(char *out, const char *s)
{
    size_t n = strlen(s);
    memcpy(out, s, n);
    return n;
}

#endif
