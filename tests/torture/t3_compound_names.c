/* issue 9 item 3: a compound array of strings used across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    const char **names = (const char *[]){"a", "bb", "ccc", NULL};
    for (const char **n = names; *n; n++)
        OUT((int)strlen(*n));
    OUT(names[2][1]);
}

int main(void)
{
    g();
    return 0;
}
