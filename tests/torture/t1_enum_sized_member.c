/* issue 9 item 1: a local struct whose member array is sized by a local enum */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    enum { CAP = 6 };
    struct buf {
        char data[CAP];
        int len;
    } b;
    memset(&b, 0, sizeof b);
    for (int i = 0; i < CAP - 1; i++) {
        b.data[b.len++] = (char)('a' + i);
        OUT(b.len);
    }
    OUT((int)strlen(b.data));
    OUT(b.data[2]);
}

int main(void)
{
    g();
    return 0;
}
