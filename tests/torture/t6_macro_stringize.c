/* issue 9 item 6: # and ## in a macro used in a body */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define STR(x) #x
#define XSTR(x) STR(x)
#define GLUE(a, b) a##b
#define LEVEL 7

void g(void)
{
    int GLUE(var, 1) = 10;
    const char *s = STR(hello);
    const char *l = XSTR(LEVEL);
    OUT(var1);
    OUT((int)strlen(s));
    OUT(l[0]);
}

int main(void)
{
    g();
    return 0;
}
