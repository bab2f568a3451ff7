/* torture (locals): four levels of shadowing x, each read after yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int x = 1;
    OUT(x);
    {
        int x = 2;
        OUT(x);
        {
            long x = 3;
            OUT((int)x);
            for (int x = 4; x < 6; x++) {
                OUT(x);
                {
                    char x = 7;
                    OUT(x);
                }
                OUT(x);
            }
            OUT((int)x);
        }
        OUT(x);
    }
    OUT(x);
}

int main(void)
{
    g();
    return 0;
}
