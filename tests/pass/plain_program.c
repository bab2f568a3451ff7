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
        break;
    }
    goto out;
out:
    return -1;
}

int main(void)
{
    struct point pts[2] = {{.x = 1, .y = 2, .next = NULL}, [1] = {3, 4, 0}};
    union num u = {.d = 1.5};
    int (*fp)(int) = classify;
    int total = sum(3, 1, 2, 3) + SQUARE(2) + fp(GREEN);
    LONG_MACRO(total, (int)u.d);
    total += ((struct point){5, 6, NULL}).y;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        total += (int)strlen(names[i]);
    // a line comment with async generator(int) g(void) { yield 1; }
    printf("%d %c%c %d\n", total, quote, apostrophe, pts[1].x);
    return total > 0 ? 0 : 1;
}
