/* torture (switch): yields in cases that fall through */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    for (int k = 0; k < 4; k++) {
        switch (k) {
        case 0:
            OUT(100);
            /* fall through */
        case 1:
            OUT(101);
            /* fall through */
        case 2:
            OUT(102);
            break;
        default:
            OUT(999);
        }
    }
}

int main(void)
{
    g();
    return 0;
}
