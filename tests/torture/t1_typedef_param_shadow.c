/* issue 9 item 1: the parameter uses the file typedef, the body redefines it */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

typedef int num;

void g(num n)
{
    typedef long long num;
    num big = (num)n * 1000000000LL;
    OUT((long)(big / 1000000));
    OUT((long)sizeof(num));
    OUT((long)sizeof n);
}

int main(void)
{
    g(3);
    return 0;
}
