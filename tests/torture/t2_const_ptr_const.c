/* torture (declarators): const char *const s; pointers to const across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    const char *const greeting = "hey";
    const char *walk = greeting;
    while (*walk)
        OUT(*walk++);
    static const char table[] = "xyz";
    OUT(table[2]);
    OUT((int)sizeof table);
}

int main(void)
{
    g();
    return 0;
}
