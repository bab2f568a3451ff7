/* torture (arrays): pointers into a 2-D frame array kept across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int grid[3][4];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++)
            grid[r][c] = r * 4 + c;
    int *flat = &grid[0][0];
    int (*row)[4] = grid;
    for (int i = 0; i < 12; i += 5)
        OUT(flat[i]);
    row++;
    OUT((*row)[3]);
    row[1][0] = 99;
    OUT(grid[2][0]);
}

int main(void)
{
    g();
    return 0;
}
