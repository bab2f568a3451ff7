/* issue 9 item 2: int *const p = &x; across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    int x = 5;
    int *const p = &x;
    OUT(*p);
    *p = 6;
    OUT(x);
    const int k = 40;
    OUT(k + *p);
    const int *const q = &k;
    OUT(*q);
}

int main(void)
{
    g();
    return 0;
}
