/* issue 9 item 3: pointers to locals and into arrays stay valid across suspensions */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    int x = 1;
    int arr[5] = {5, 4, 3, 2, 1};
    int *px = &x, *pa = arr + 2;
    int **ppx = &px;
    OUT(**ppx);
    x = 42;
    OUT(*px);
    pa++;
    OUT(*pa);
    OUT((int)(pa - arr));
    *ppx = &arr[0];
    OUT(*px);
}

int main(void)
{
    g();
    return 0;
}
