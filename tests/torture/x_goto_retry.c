/* torture (goto): a retry loop, goto backwards over a suspension */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int attempts = 0;
retry:
    attempts++;
    OUT(attempts);
    if (attempts < 3)
        goto retry;
    {
        int inner = 0;
    again:
        OUT(100 + inner);
        if (++inner < 2)
            goto again;
    }
}

int main(void)
{
    g();
    return 0;
}
