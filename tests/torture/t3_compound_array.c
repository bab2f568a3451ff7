/* issue 9 item 3: int *p = (int[]){10, 20, 30}; the literal outlives the yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    int *p = (int[]){10, 20, 30};
    OUT(p[0]);
    OUT(p[1]);
    p[2] += 5;
    OUT(p[2]);
}

int main(void)
{
    g();
    return 0;
}
