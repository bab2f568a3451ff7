/* torture (arrays): matrix product, one yield per cell */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int A[2][3] = {{1, 2, 3}, {4, 5, 6}};
    int B[3][2] = {{7, 8}, {9, 10}, {11, 12}};
    int C[2][2];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            C[i][j] = 0;
            for (int k = 0; k < 3; k++)
                C[i][j] += A[i][k] * B[k][j];
            OUT(C[i][j]);
        }
    OUT(C[0][0] + C[1][1]);
}

int main(void)
{
    g();
    return 0;
}
