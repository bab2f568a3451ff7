/* torture (expressions): yields of comma, conditional, assignment and compound expressions */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int a = 1, b = 2;
    OUT((a++, b++, a + b));
    OUT(a > b ? a : b);
    OUT(a = b * 3);
    OUT(a += 4);
    OUT(!a);
    OUT(~b & 0xff);
    OUT((int)sizeof(a + b));
    OUT(b << 3 | 1);
}

int main(void)
{
    g();
    return 0;
}
