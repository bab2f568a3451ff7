/* issue 9 item 2: char s[] = "abc" takes its size (4) from the initializer */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    char s[] = "abc";
    OUT((int)sizeof s);
    for (unsigned i = 0; i < sizeof s; i++)
        OUT(s[i]);
    s[1] = 'X';
    OUT(s[1]);
}

int main(void)
{
    g();
    return 0;
}
