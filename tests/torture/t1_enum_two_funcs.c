/* issue 9 item 1: the same local enum in two resumable functions, different values */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void first(void)
{
    enum color { RED = 1, GREEN, BLUE };
    enum color c = GREEN;
    OUT(c);
    c = BLUE;
    OUT(c);
}

void second(void)
{
    enum color { RED = 10, GREEN = 20, BLUE = 30 };
    enum color c = RED;
    OUT(c);
    c = BLUE;
    OUT(c + GREEN);
}

int main(void)
{
    first();
    second();
    return 0;
}
