/* issue 9 item 2: generator(const int) */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(int n)
{
    for (int i = 0; i < n; i++)
        OUT(i * 11);
}

int main(void)
{
    g(4);
    return 0;
}
