/* torture (locals): a static local shared by every instance, a plain local beside it */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    static int calls = 0;
    int mine = 0;
    for (int i = 0; i < 3; i++) {
        calls++;
        mine++;
        OUT(calls * 10 + mine);
    }
}

int main(void)
{
    g();
    g();
    return 0;
}
