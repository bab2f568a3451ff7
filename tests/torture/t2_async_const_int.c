/* issue 9 item 2: async const int f(void) */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

int seven(void) /* plain C: a const return type only draws -Wignored-qualifiers */
{
    (void)0;
    return 7;
}

int amain(void)
{
    const int a = seven();
    int b = seven() * 2;
    printf("%d %d\n", a, b);
    return a + b;
}

int main(void)
{
    int r = amain();
    printf("%d\n", r);
    return 0;
}
