/* issue 9 item 3: a pointer to a compound struct literal used after suspensions */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

struct pt {
    int x, y;
};

void g(void)
{
    struct pt *pp = &(struct pt){1, 2};
    OUT(pp->x);
    pp->y *= 10;
    OUT(pp->y);
    OUT(pp->x + pp->y);
}

int main(void)
{
    g();
    return 0;
}
