/* issue 9 item 5: await in a branch of ?: - only that branch is evaluated */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

int f(int x)
{
    printf("f(%d)\n", x);
    (void)0;
    return x * 10;
}

int amain(void)
{
    int total = 0;
    for (int i = 0; i < 4; i++) {
        int v = i % 2 ? f(i) : f(-i);
        total += v;
        printf("v=%d\n", v);
    }
    int w = total > 0 ? 1 : f(99);
    printf("w=%d\n", w);
    int z = (total < 0 ? f(1) : f(2)) + 5;
    printf("z=%d\n", z);
    return total;
}

int main(void)
{
    int r = amain();
    printf("%d\n", r);
    return 0;
}
