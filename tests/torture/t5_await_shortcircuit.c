/* issue 9 item 5: await under && || and the comma operator keeps C's sequencing */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <stdbool.h>

bool check(int x)
{
    printf("check %d\n", x);
    (void)0;
    return x > 0;
}

int amain(void)
{
    int hits = 0;
    for (int i = -1; i <= 1; i++) {
        if (i != 0 && check(i))
            hits++;
        if (i == 0 || check(i * 7))
            hits += 10;
    }
    int x = 0;
    int y = (x = 3, check(x)) + x;
    printf("y=%d\n", y);
    bool both = check(1) && check(-2);
    printf("both=%d\n", both);
    return hits;
}

int main(void)
{
    int r = amain();
    printf("%d\n", r);
    return 0;
}
