/* issue 9 item 5: await in a for initializer, condition and step */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

int start(void)
{
    (void)0;
    return 2;
}

int limit(int i)
{
    printf("limit at %d\n", i);
    return 5;
}

int amain(void)
{
    int sum = 0;
    for (int i = start(); i < 5; i++)
        sum += i;
    printf("%d\n", sum);
    int j;
    for (j = start() * 3; j > 0; j -= start())
        printf("j=%d\n", j);
    for (int k = 3; k < limit(k); k++)
        printf("k=%d\n", k);
    return sum;
}

int main(void)
{
    int r = amain();
    printf("%d\n", r);
    return 0;
}
