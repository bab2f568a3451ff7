/* torture (declarators): int *(*tab[2])(int *) in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

static int *first(int *p) { return p; }
static int *second(int *p) { return p + 1; }

void g(void)
{
    int data[2] = {10, 20};
    int *(*tab[2])(int *) = {first, second};
    for (int i = 0; i < 2; i++)
        OUT(*tab[i](data));
    int *(*pick)(int *) = tab[1];
    *pick(data) = 99;
    OUT(data[1]);
}

int main(void)
{
    g();
    return 0;
}
