/* issue 9 item 1: a local struct type used through a pointer local across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct pair {
    char tiny;
};

void g(void)
{
    struct pair {
        int a, b;
    } store[2] = {{1, 2}, {3, 4}};
    struct pair *cur = store;
    OUT(cur->a + cur->b);
    cur++;
    OUT(cur->a * cur->b);
    OUT((int)sizeof *cur);
}

int main(void)
{
    g();
    return 0;
}
