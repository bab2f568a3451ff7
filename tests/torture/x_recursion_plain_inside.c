/* torture (calls): a plain recursive function and qsort called from a generator */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

#include <stdlib.h>
static int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

void g(void)
{
    int data[6] = {5, 3, 9, 1, 7, 2};
    for (int i = 1; i <= 6; i++)
        OUT(fact(i));
    qsort(data, 6, sizeof data[0], cmp);
    for (int i = 0; i < 6; i++)
        OUT(data[i]);
}

int main(void)
{
    g();
    return 0;
}
