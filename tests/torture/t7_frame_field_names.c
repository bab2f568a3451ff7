/* issue 9 item 7: locals named like the frame header fields (state, out, how, ac_hdr) */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    int state = 1, out = 2, how = 3, ac_hdr = 4, ac_result = 5;
    OUT(state);
    OUT(out + how);
    OUT(ac_hdr * ac_result);
}

int main(void)
{
    g();
    return 0;
}
