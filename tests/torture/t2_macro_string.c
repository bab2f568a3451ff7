/* issue 9 item 2: char s[] = MSG where MSG is a string macro */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

#define MSG "hello, world"
#define SHORT "hi"

void g(void)
{
    char s[] = MSG;
    char t[] = SHORT "!";
    OUT((int)sizeof s);
    OUT((int)sizeof t);
    OUT(s[7]);
    OUT(t[2]);
}

int main(void)
{
    g();
    return 0;
}
