/* issue 9 item 1: struct { int x; } a, b; a = b; - one anonymous type for both */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    struct {
        int x;
        char name[6];
    } a = {1, "one"}, b = {2, "two"};
    OUT(a.x);
    a = b;
    OUT(a.x);
    OUT(a.name[1]);
    b.x = 30;
    OUT(a.x + b.x);
}

int main(void)
{
    g();
    return 0;
}
