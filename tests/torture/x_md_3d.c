/* torture (arrays): a three-dimensional array in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int a[2][3][4];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++)
                a[i][j][k] = i * 100 + j * 10 + k;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
            int s = 0;
            for (int k = 0; k < 4; k++)
                s += a[i][j][k];
            OUT(s);
        }
    OUT((int)(sizeof a / sizeof a[0][0][0]));
    int (*plane)[4] = a[1];
    OUT(plane[2][3]);
}

int main(void)
{
    g();
    return 0;
}
