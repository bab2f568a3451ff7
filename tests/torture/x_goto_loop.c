/* torture (goto): a loop made of gotos with yields, within one region */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int i = 0;
top:
    if (i >= 4)
        goto done;
    OUT(i * i);
    i++;
    goto top;
done:
    OUT(-1);
}

int main(void)
{
    g();
    return 0;
}
