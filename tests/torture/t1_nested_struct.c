/* issue 9 item 1: a local struct declaring a nested struct tag used later */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    struct outer {
        struct inner {
            int a;
            short s;
        } in;
        int b;
    };
    struct outer o = {{1, 2}, 3};
    OUT(o.in.a + o.in.s + o.b);
    struct inner i2 = {40, 2};
    o.in = i2;
    OUT(o.in.a);
    OUT((int)sizeof(struct inner) == (int)sizeof i2);
}

int main(void)
{
    g();
    return 0;
}
