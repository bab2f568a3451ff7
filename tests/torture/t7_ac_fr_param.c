/* issue 9 item 7: a parameter named ac_fr and a local named ac_f */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void);

void h(int ac_fr)
{
    int ac_f = ac_fr * 2;
    OUT(ac_fr);
    OUT(ac_f);
    ac_fr += ac_f;
    OUT(ac_fr);
}

void g(void)
{
    h(3);
}

int main(void)
{
    g();
    return 0;
}
