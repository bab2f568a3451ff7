/* issue 9 item 2: a function parameter int f(int) is a function pointer */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

static int square(int x) { return x * x; }
static int plus1(int x) { return x + 1; }

void mapg(int f(int), int n)
{
    for (int i = 1; i <= n; i++)
        OUT(f(i));
    f = plus1;
    OUT(f(100));
}

int main(void)
{
    mapg(square, 4);
    return 0;
}
