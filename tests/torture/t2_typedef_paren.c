/* issue 9 item 2: T (x) = 6; is a declaration of x */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

typedef int T;

void g(void)
{
    T (x) = 6;
    OUT(x);
    x += 1;
    OUT(x);
    T (y)[2] = {1, 2};
    OUT(y[1] + x);
}

int main(void)
{
    g();
    return 0;
}
