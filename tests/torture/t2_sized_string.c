/* torture (declarators): char s[10] = "abc" zero-fills; sizeof keeps 10 */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    char s[10] = "abc";
    OUT((int)sizeof s);
    OUT(s[9]);
    strcat(s, "def");
    OUT((int)strlen(s));
    OUT(s[5]);
}

int main(void)
{
    g();
    return 0;
}
