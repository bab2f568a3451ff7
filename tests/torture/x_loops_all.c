/* torture (loops): while, do-while, for with comma and break/continue around yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int i = 0;
    while (i < 10) {
        i += 3;
        if (i == 6)
            continue;
        OUT(i);
    }
    do {
        OUT(i--);
    } while (i > 8);
    for (int a = 0, b = 10; a < b; a += 3, b -= 2) {
        if (a == 6)
            break;
        OUT(a * 100 + b);
    }
    for (;;) {
        if (++i > 11)
            break;
        OUT(-i);
    }
}

int main(void)
{
    g();
    return 0;
}
