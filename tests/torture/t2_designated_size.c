/* issue 9 item 2: int a[] = {[5] = 1} has 6 elements */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    int a[] = {[5] = 1, [2] = 7};
    OUT((int)(sizeof a / sizeof a[0]));
    for (int i = 0; i < 6; i++)
        OUT(a[i]);
    int b[] = {1, 2, [7] = 3, 4};
    OUT((int)(sizeof b / sizeof *b));
}

int main(void)
{
    g();
    return 0;
}
