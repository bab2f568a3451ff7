/* issue 9 item 2: T (*f)(int) = g; with T a typedef name - a declaration */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

typedef int T;

static T twice(int x) { return 2 * x; }
static T thrice(int x) { return 3 * x; }

void g(void)
{
    T (*f)(int) = twice;
    OUT(f(5));
    f = thrice;
    OUT(f(5));
    T (*tab[2])(int) = {thrice, twice};
    OUT(tab[0](1) + tab[1](1));
}

int main(void)
{
    g();
    return 0;
}
