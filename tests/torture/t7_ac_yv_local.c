/* issue 9 item 7: a local named ac_yv and one named ac_y */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    int ac_yv = 5;
    int ac_y = 6;
    OUT(ac_yv);
    OUT(ac_y);
    ac_yv = 100;
    OUT(ac_yv + ac_y);
}

int main(void)
{
    g();
    return 0;
}
