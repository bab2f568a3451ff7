/* torture (locals): sizeof and _Alignof-free layout checks on frame locals match C */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct mixed {
    char c;
    double d;
    short s[3];
};

void g(void)
{
    struct mixed m;
    char carr[7];
    double darr[3];
    long long ll;
    memset(&m, 0, sizeof m);
    OUT((int)sizeof m);
    OUT((int)sizeof carr);
    OUT((int)sizeof darr);
    OUT((int)sizeof ll);
    OUT((int)((char *)&m.s[2] - (char *)&m));
    OUT((int)(((unsigned long)(void *)&darr[0]) % sizeof(double) == 0));
}

int main(void)
{
    g();
    return 0;
}
