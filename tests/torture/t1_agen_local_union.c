/* oracle: the async generator as a function calling back per item */
#include <stdio.h>

static int sum;

static void consume(int v)
{
    printf("%d\n", v);
    sum += v;
}

static void source(int n, void (*yield)(int))
{
    typedef union {
        int i;
        float f;
    } cell;
    cell c;
    for (int k = 0; k < n; k++) {
        c.i = k * 5;
        yield(c.i);
    }
    c.f = 1.5f;
    yield((int)(c.f * 2));
}

int main(void)
{
    source(4, consume);
    printf("sum %d\n", sum);
    return 0;
}
