/* issue 9 item 2: int m[][3] as a parameter is int (*)[3] */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void row_sums(int m[][3], int rows)
{
    for (int r = 0; r < rows; r++) {
        int s = 0;
        for (int c = 0; c < 3; c++)
            s += m[r][c];
        OUT(s);
    }
    m++;
    OUT(m[0][0]);
}

int main(void)
{
    int m[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    row_sums(m, 3);
    return 0;
}
