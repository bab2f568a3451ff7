/* The extension's words are ordinary C names outside resumable bodies:
 * this file uses each of them as one and must translate to itself. */
#include <stdio.h>

typedef int generator;
typedef struct async { int await, yield; } async;

static int in = 3;
static int try, catch, finally, throw;
static generator from = 1;
static async with = {1, 2};

static int yield(int x)
{
    return x + 1;
}

static int await(int (*f)(int), int x)
{
    return f(x);
}

int main(void)
{
    int async = 0, await_ = 0;
    async += await(yield, in);
    for (in = 0; in < 3; in++)
        try += in;
    for (int in = 0; in < 2; in++)
        catch += in;
    finally = try * catch;
    throw = with.await + with.yield;
    await_ = (yield)(from);
    struct async *p = &with;
    p->yield = async;
    printf("%d %d %d %d %d %d\n", async, try, catch, finally, throw, await_);
    return p->await - 1;
}
