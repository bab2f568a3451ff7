/* issue 9 item 6: a do-while(0) statement macro over frame locals */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define SWAP(a, b) do { int t_ = (a); (a) = (b); (b) = t_; } while (0)

void g(void)
{
    int x = 1, y = 2;
    SWAP(x, y);
    OUT(x);
    OUT(y);
    int arr[2] = {8, 9};
    SWAP(arr[0], arr[1]);
    OUT(arr[0] * 10 + arr[1]);
}

int main(void)
{
    g();
    return 0;
}
