/* issue 9 item 2: char names[][8] sized by its initializer */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    char names[][8] = {"one", "three", "seven"};
    OUT((int)(sizeof names / sizeof names[0]));
    for (int i = 0; i < 3; i++)
        OUT((int)strlen(names[i]));
    names[1][0] = 'T';
    OUT(names[1][0]);
}

int main(void)
{
    g();
    return 0;
}
