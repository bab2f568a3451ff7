/* issue 9 item 1: two sibling blocks declare different struct s, both live across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    {
        struct s {
            int a;
        };
        struct s v = {11};
        OUT(v.a);
        OUT((int)sizeof v);
    }
    {
        struct s {
            int a, b, c;
        };
        struct s v = {1, 2, 3};
        OUT(v.a + v.b + v.c);
        OUT((int)sizeof v);
    }
}

int main(void)
{
    g();
    return 0;
}
