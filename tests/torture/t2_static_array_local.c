/* issue 9 item 2: static and static const arrays with sizes from initializers in a generator */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    static const int primes[] = {2, 3, 5, 7, 11};
    static char scratch[] = "static";
    for (unsigned i = 0; i < sizeof primes / sizeof primes[0]; i++)
        OUT(primes[i]);
    scratch[0] = 'S';
    OUT(scratch[0]);
    OUT((int)sizeof scratch);
}

int main(void)
{
    g();
    return 0;
}
