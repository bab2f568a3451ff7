/* issue 9 item 2: volatile int v[2] = {...} in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    volatile int v[2] = {3, 4};
    OUT(v[0] + v[1]);
    v[0] = 10;
    OUT(v[0]);
    volatile int w = 7;
    w++;
    OUT(w);
}

int main(void)
{
    g();
    return 0;
}
