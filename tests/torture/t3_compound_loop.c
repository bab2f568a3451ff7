/* issue 9 item 3: a compound literal in a loop body, a fresh value each iteration, read after a yield */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    for (int i = 0; i < 3; i++) {
        int *q = (int[2]){i, i * i};
        OUT(q[0]);
        OUT(q[1]);
    }
}

int main(void)
{
    g();
    return 0;
}
