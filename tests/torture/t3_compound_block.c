/* issue 9 item 3: compound literals in nested blocks, each used across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    const char *name = (const char[]){"outer"};
    {
        double *d = (double[]){1.5, 2.5};
        OUT((int)(d[0] + d[1]));
        {
            char *s = (char[]){"inner"};
            OUT(s[0]);
            s[0] = (char)(s[0] + 1);
            OUT(s[0]);
        }
        OUT((int)(d[1] * 2));
    }
    OUT(name[1]);
}

int main(void)
{
    g();
    return 0;
}
