/* issue 9 item 4: int dst[sizeof src / sizeof src[0]] is not a VLA */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    int src[] = {4, 5, 6, 7};
    int dst[sizeof src / sizeof src[0]];
    for (unsigned i = 0; i < sizeof dst / sizeof dst[0]; i++) {
        dst[i] = src[i] * 2;
        OUT(dst[i]);
    }
    OUT((int)sizeof dst);
}

int main(void)
{
    g();
    return 0;
}
