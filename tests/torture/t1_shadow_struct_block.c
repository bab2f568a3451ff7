/* issue 9 item 1: a block-local struct shadows the file-scope one only in its block */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

struct pair {
    int x, y;
};

void g(void)
{
    struct pair outer = {3, 4};
    OUT(outer.x * 10 + outer.y);
    {
        struct pair {
            double d;
            int tag;
        };
        struct pair inner = {2.5, 9};
        OUT(inner.tag);
        OUT((int)(inner.d * 2));
        OUT(outer.y);
    }
    struct pair after = {5, 6};
    OUT(after.x + after.y);
    OUT((int)sizeof after);
}

int main(void)
{
    g();
    return 0;
}
