/* A plain C program with the usual constructs, none annotated: it must
 * come out of the translator byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define SQUARE(x) ((x) * (x))
#define LONG_MACRO(a, b)                                                       \
    do {                                                                       \
        (a) += (b); /* yield await try */                                      \
    } while (0)

#if defined(__GNUC__) && 0
#error "await yield { never seen"
#endif

enum color { RED, GREEN = 4, BLUE };
union num { int i; double d; };
struct point { int x, y; struct point *next; };

static const char *names[] = {"yield x;", "await f()", "try {", "throw e;",
                              "async for", "async with", "for (v in g)"};
static const char quote = '"', apostrophe = '\'';

static int sum(int n, ...)
{
    va_list ap;
    int total = 0;
    va_start(ap, n);
    while (n-- > 0)
        total += va_arg(ap, int);
    va_end(ap);
    return total;
}

static int classify(int c)
{
    switch (c) {
    case RED:
        return 1;
    case GREEN:
    case BLUE: {
        int k = c * 2;
        return k;
    }
    default:
 