/* issue 9 item 1: a coroutine with a local struct tag that shadows a file one, across awaits */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

struct acc {
    char unused;
};

int step(int x)
{
    (void)0;
    return x + 1;
}

int amain(void)
{
    struct acc {
        int total;
        int count;
    };
    struct acc a = {0, 0};
    for (int i = 0; i < 4; i++) {
        a.total += step(i);
        a.count++;
        printf("%d %d\n", a.total, a.count);
    }
    return a.total;
}

int main(void)
{
    int r = amain();
    printf("result %d\n", r);
    return 0;
}
