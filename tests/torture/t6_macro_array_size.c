/* issue 9 item 6: a function-like macro as an array size and in a loop bound */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define DIM(n) ((n) * 2 + 1)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void g(void)
{
    int v[DIM(2)];
    for (unsigned i = 0; i < COUNT(v); i++) {
        v[i] = (int)i * 3;
        OUT(v[i]);
    }
}

int main(void)
{
    g();
    return 0;
}
