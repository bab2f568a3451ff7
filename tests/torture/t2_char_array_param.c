/* torture (declarators): const char s[] parameter walked with s++ */
#include <stdio.h>
#define OUT(x) printf("%c\n", (x))

void chars(const char s[])
{
    while (*s)
        OUT(*s++);
}

int main(void)
{
    chars("walk");
    return 0;
}
