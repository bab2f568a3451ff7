/* torture (goto): forward gotos past yields and out of nested loops */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
            if (i * j == 6)
                goto out;
            if (j > i)
                goto next;
            OUT(i * 10 + j);
        }
    next:
        OUT(-i);
    }
out:
    OUT(1000);
    goto skip;
    OUT(2000);
skip:
    OUT(3000);
}

int main(void)
{
    g();
    return 0;
}
