/* issue 9 item 1: a local function-pointer typedef, a table of them in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

static int inc(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }
static int neg(int x) { return -x; }

void g(int x)
{
    typedef int (*op)(int);
    op table[] = {inc, dbl, neg, dbl};
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) {
        x = table[i](x);
        OUT(x);
    }
}

int main(void)
{
    g(4);
    return 0;
}
