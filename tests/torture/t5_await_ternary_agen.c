/* oracle: the coroutine and async generator as plain functions */
#include <stdio.h>

static int f(int x)
{
    printf("f %d\n", x);
    return x + 1;
}

static void ag(int n)
{
    for (int i = f(0); i <= n; i++)
        printf("v %d\n", i > 1 ? f(i) : -i);
}

int main(void)
{
    ag(3);
    return 0;
}
