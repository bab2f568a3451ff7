/* issue 9 item 7: locals named ac_s0, ac_ret, ac_exc_cur and ac_i in a generator */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int ac_s0 = 1, ac_ret = 2, ac_exc_cur = 3;
    for (int ac_i = 0; ac_i < 2; ac_i++) {
        OUT(ac_s0 + ac_i);
        OUT(ac_ret * ac_exc_cur);
    }
}

int main(void)
{
    g();
    return 0;
}
