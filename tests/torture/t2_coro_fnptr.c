/* oracle: the coroutines as plain functions, mk an int (*)(int) */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

int worker(int n)
{
    (void)0;
    return n * 10;
}

int other(int n)
{
    return n + 1;
}

int amain(void)
{
    int (*mk)(int) = worker;
    int a = 0;
    a = mk(3);
    printf("%d\n", a);
    mk = other;
    int b = 0;
    b = mk(4);
    printf("%d\n", b);
    return a + b;
}

int main(void)
{
    int r = amain();
    printf("%d\n", r);
    return 0;
}
