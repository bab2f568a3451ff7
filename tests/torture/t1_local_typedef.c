/* issue 9 item 1: a local typedef of an anonymous struct, locals of it in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(int n)
{
    typedef struct {
        int x, y;
    } pt;
    pt a = {n, n + 1};
    pt path[3];
    for (int i = 0; i < 3; i++) {
        path[i] = a;
        a.x += 10;
        OUT(path[i].x);
    }
    pt b = path[1];
    OUT(b.y);
    OUT((int)(sizeof path / sizeof(pt)));
}

int main(void)
{
    g(5);
    return 0;
}
