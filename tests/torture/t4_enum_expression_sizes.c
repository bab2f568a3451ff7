/* issue 9 item 4: enumerator arithmetic and a local enum as sizes of several arrays */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

enum { K = 2 };

void g(void)
{
    enum { M = K * 3, L = M + 1 };
    int a[M], b[L][K];
    OUT((int)(sizeof a / sizeof a[0]));
    OUT((int)(sizeof b / sizeof b[0]));
    OUT((int)(sizeof b[0] / sizeof b[0][0]));
    a[M - 1] = 5;
    b[L - 1][K - 1] = 6;
    OUT(a[M - 1] + b[L - 1][K - 1]);
}

int main(void)
{
    g();
    return 0;
}
