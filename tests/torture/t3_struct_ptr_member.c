/* issue 9 item 3: a struct in the frame holding a pointer to another local */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

struct link {
    int v;
    int *target;
};

void g(void)
{
    int cell = 3;
    struct link l = {7, &cell};
    OUT(*l.target);
    cell = 9;
    OUT(*l.target + l.v);
    struct link copy = l;
    *copy.target = 11;
    OUT(cell);
}

int main(void)
{
    g();
    return 0;
}
