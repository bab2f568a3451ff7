/* issue 9 item 1: a local union in the frame, written and read across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    union pun {
        unsigned u;
        unsigned char b[4];
    };
    union pun p;
    p.u = 0;
    for (int i = 0; i < 4; i++) {
        p.b[i] = (unsigned char)(i + 1);
        OUT(p.b[i]);
    }
    OUT((int)(p.u == 0x04030201u || p.u == 0x01020304u));
    union pun q = p;
    OUT(q.b[3]);
}

int main(void)
{
    g();
    return 0;
}
