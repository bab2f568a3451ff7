/* torture (declarators): restrict-qualified pointers in the frame and as parameters */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void copy_out(int *restrict dst, const int *restrict src, int n)
{
    for (int i = 0; i < n; i++) {
        dst[i] = src[i] * 2;
        OUT(dst[i]);
    }
    int *restrict q = dst;
    OUT(q[n - 1]);
}

int main(void)
{
    int a[3] = {1, 2, 3}, b[3];
    copy_out(b, a, 3);
    printf("%d\n", b[0] + b[1] + b[2]);
    return 0;
}
