/* issue 9 item 6: a macro redefined between two resumable functions */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define STEP 1
static void g1(void (*yield)(int))
{
    yield(STEP);
    yield(STEP * 2);
}
#undef STEP
#define STEP 10
static void add_step(int v)
{
    OUT(v + STEP);
}

static void g(void)
{
    g1(add_step);
}

int main(void)
{
    g();
    return 0;
}
