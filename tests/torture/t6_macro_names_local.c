/* issue 9 item 6: #define PUT(c) (buf[len++] = (c)) names frame locals */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define PUT(c) (buf[len++] = (c))
#define LAST buf[len - 1]

void g(void)
{
    char buf[16];
    int len = 0;
    PUT('a');
    OUT(len);
    PUT('b');
    PUT('c');
    OUT(LAST);
    OUT(len);
}

int main(void)
{
    g();
    return 0;
}
