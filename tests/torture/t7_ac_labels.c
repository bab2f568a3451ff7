/* issue 9 item 7: user labels named ac_s1 and ac_s2 */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    int n = 0;
ac_s1:
    n++;
    OUT(n);
    if (n < 3)
        goto ac_s1;
    goto ac_s2;
ac_s2:
    OUT(-n);
}

int main(void)
{
    g();
    return 0;
}
