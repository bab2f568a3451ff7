/* torture (declarators): a pointer to an array and an array of pointers to arrays */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    int arr[3] = {1, 2, 3};
    int (*pa)[3] = &arr;
    OUT((*pa)[2]);
    (*pa)[0] = 50;
    OUT(arr[0]);
    int other[3] = {7, 8, 9};
    int (*both[2])[3] = {&arr, &other};
    OUT((*both[1])[1] + (*both[0])[1]);
    OUT((int)(sizeof *pa / sizeof (*pa)[0]));
}

int main(void)
{
    g();
    return 0;
}
