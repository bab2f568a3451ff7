/* issue 9 item 1: a local typedef T shadows the file-scope typedef T */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

typedef int T;

void g(T n)
{
    T small = n;
    OUT(small);
    {
        typedef double T;
        T half = n / 2.0;
        OUT((int)(half * 10));
        OUT((int)sizeof(T));
    }
    T again = n * 2;
    OUT(again);
    OUT((int)sizeof(T));
}

int main(void)
{
    g(7);
    return 0;
}
