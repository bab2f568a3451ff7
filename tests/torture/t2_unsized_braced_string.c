/* issue 9 item 2: char s[] = {"abc"} - a braced string literal sizes the array */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    char s[] = {"abcde"};
    OUT((int)sizeof s);
    OUT((int)strlen(s));
    s[0] = 'Z';
    OUT(s[0]);
    OUT(s[4]);
}

int main(void)
{
    g();
    return 0;
}
