/* issue 9 item 7: a coroutine with parameters ac_fr and ac_f and a local ac_yv */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

int inner(int ac_f)
{
    (void)0;
    return ac_f + 1;
}

int outer(int ac_fr, int ac_f)
{
    int ac_yv = inner(ac_fr);
    int ac_res = inner(ac_f);
    printf("%d %d\n", ac_yv, ac_res);
    return ac_yv * ac_res;
}

int main(void)
{
    int r = outer(2, 5);
    printf("%d\n", r);
    return 0;
}
