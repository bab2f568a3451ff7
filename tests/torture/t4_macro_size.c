/* issue 9 item 4: array sizes from macros and arithmetic on them */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define N 4
#define TWICE(x) ((x) * 2)

void g(void)
{
    int a[N], b[TWICE(N) + 1];
    for (int i = 0; i < N; i++)
        a[i] = i + 1;
    OUT((int)(sizeof b / sizeof b[0]));
    OUT(a[N - 1]);
}

int main(void)
{
    g();
    return 0;
}
