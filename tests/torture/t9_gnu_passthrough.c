// cflags: -std=gnu99
/* oracle for t9_gnu_passthrough.ac: the same file, the generator printing */
#include <stdio.h>

#define MAYBE_UNUSED __attribute__((unused))
#define FOREACH(i, n) for (int i = 0; i < (n); i++)

struct regs {
    unsigned a : 3;
    unsigned : 3;
    unsigned b : 2;
};

static int MAYBE_UNUSED helper(void)
{
    return 1;
}

static int classify(int k)
{
    int r = 0;
    switch (k) {
    case 0:
        r += 1;
        __attribute__((fallthrough));
    case 1:
        r += 10;
        break;
    default:
        r = -1;
    }
    return r;
}

#ifndef __TINYC__ /* tcc has no _Pragma at file scope */
_Pragma("GCC diagnostic push")
#endif
static int sum_to(int n)
{
    int s = 0;
    FOREACH(i, n) {
        s += i;
    }
    return s;
}
#ifndef __TINYC__ /* tcc has no _Pragma at file scope */
_Pragma("GCC diagnostic pop")
#endif

int main(void)
{
    struct regs r = {5, 2};
    for (int k = 0; k < 3; k++)
        printf("%d\n", classify(k));
    printf("%d\n", sum_to(5));
    printf("%d\n", (int)(r.a * 10 + r.b));
    return 0;
}
