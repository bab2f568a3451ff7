/* GNU C that tree-sitter-c 0.23 cannot read, in a file with no
 * annotations: it must come out of the translator byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define MAYBE_UNUSED __attribute__((unused))
#define FOREACH(i, n) for (int i = 0; i < (n); i++)

_Pragma("GCC diagnostic push")
_Pragma("GCC diagnostic ignored \"-Wunused-function\"")

static int table[16] __attribute__((aligned(16)));

struct flags {
    unsigned ready : 1;
    unsigned : 3; /* reserved */
    unsigned mode : 4;
    unsigned : 0;
    unsigned long long wide : 40;
};

static int MAYBE_UNUSED helper(void)
{
    return 0;
}

static int classify(int x)
{
    switch (x) {
    case 0 ... 9:
        x += 1;
        __attribute__((fallthrough));
    case 10:
        return x;
    default:
        return -1;
    }
}

static int sum_strings(int n, ...)
{
    va_list ap;
    int total = 0;
    va_start(ap, n);
    while (n-- > 0) {
        const char *s = va_arg(ap, const char *);
        total += (int)__builtin_strlen(s);
    }
    va_end(ap);
    return total;
}

static int squares(int n)
{
    int acc = 0;
    FOREACH(i, n) {
        acc += i * i;
    }
    return acc;
}

#define MAX(a, b)                                                              \
    __extension__({                                                            \
        __typeof__(a) a_ = (a);                                                \
        __typeof__(b) b_ = (b);                                                \
        a_ > b_ ? a_ : b_;                                                     \
    })

static inline long barrier(long v)
{
    __asm__ __volatile__("" : "+r"(v) : : "memory");
    return v;
}

static int stmt_expr(int y)
{
    return ({ int z = y * 2; z + 1; }) + MAX(y, 3);
}

struct pos {
    int a;
    int b[4];
};

static size_t offset(void)
{
    typeof(table[0]) probe = 0;
    return __builtin_offsetof(struct pos, b[1]) + (size_t)probe;
}

static int dispatch(int op)
{
    static void *const targets[] = {&&inc, &&dec};
    int v = 10;
    goto *targets[op & 1];
inc:
    return v + 1;
dec:
    return v - 1;
}

_Pragma("GCC diagnostic pop")

int main(void)
{
    struct flags f = {.ready = 1, .mode = 3};
    __extension__ long long big = 1LL << 40;
    printf("%d %d %d %d %ld %zu %d %lld %d\n", classify(4),
           sum_strings(2, "ab", "c"), squares(4), stmt_expr(5), barrier(7),
           offset(), f.mode + table[1], big, dispatch(1));
    return 0;
}
