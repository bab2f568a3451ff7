/* issue 9 item 1: a local struct pair shadows the file-scope struct pair */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

struct pair {
    long x;
    char c;
};

void g(void)
{
    struct pair {
        int a, b;
    };
    struct pair p = {1, 2};
    OUT(p.a);
    p.b += 40;
    OUT(p.b);
    struct pair q = p;
    OUT(q.a + q.b);
    OUT((int)sizeof(struct pair));
}

int main(void)
{
    struct pair fp = {7, 'z'};
    g();
    printf("%ld %c\n", fp.x, fp.c);
    return 0;
}
