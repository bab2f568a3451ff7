/* issue 9 item 1: a local tagged union (struct with a union member) across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    enum kind { INT, DBL };
    struct value {
        enum kind k;
        union {
            int i;
            double d;
        } u;
    };
    struct value vs[3];
    vs[0].k = INT;
    vs[0].u.i = 4;
    vs[1].k = DBL;
    vs[1].u.d = 2.5;
    vs[2] = vs[0];
    for (int i = 0; i < 3; i++)
        OUT(vs[i].k == INT ? vs[i].u.i : (int)(vs[i].u.d * 10));
}

int main(void)
{
    g();
    return 0;
}
