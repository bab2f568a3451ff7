/* rt_test_util.h - what every runtime unit test of the loop and async
 * generators needs: text logs the tests compare with what Python prints,
 * and stderr capture. */
#ifndef RT_TEST_UTIL_H
#define RT_TEST_UTIL_H

#include <CUnit/Basic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit_suite.h"

/* ---- a log of events --------------------------------------------------- */

/* Appends to text (cap bytes), a space between entries; truncates. */
static inline void text_vadd(char *text, size_t cap, const char *fmt,
                             va_list ap)
{
    size_t n = strlen(text);
    if (n > 0 && n + 1 < cap)
        text[n++] = ' ';
    vsnprintf(text + n, cap - n, fmt, ap);
}

typedef struct tlog {
    char text[4096];
} tlog;

static inline void tlog_add(tlog *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void tlog_add(tlog *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vadd(l->text, sizeof l->text, fmt, ap);
    va_end(ap);
}

/* ---- stderr capture ---------------------------------------------------- */

typedef struct capture {
    int saved_fd;
    FILE *tmp;
} capture;

static inline void capture_begin(capture *c)
{
    fflush(stderr);
    c->tmp = tmpfile();
    c->saved_fd = dup(2);
    dup2(fileno(c->tmp), 2);
}

static inline char *capture_end(capture *c) /* malloc'd */
{
    fflush(stderr);
    dup2(c->saved_fd, 2);
    close(c->saved_fd);
    long n = ftell(c->tmp);
    char *s = calloc(1, (size_t)n + 1);
    rewind(c->tmp);
    if (n > 0 && fread(s, 1, (size_t)n, c->tmp) != (size_t)n)
        s[0] = '\0';
    fclose(c->tmp);
    return s;
}

#endif
