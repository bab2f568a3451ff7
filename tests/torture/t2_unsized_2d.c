// cflags: -std=c99 -pedantic -Wno-missing-braces
/* issue 9 item 2: int m[][2] = {1, 2, 3, 4, 5} has 3 rows (flat initializer; plain C warns -Wmissing-braces too) */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    int m[][2] = {1, 2, 3, 4, 5};
    OUT((int)(sizeof m / sizeof m[0]));
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 2; c++)
            OUT(m[r][c]);
}

int main(void)
{
    g();
    return 0;
}
