/* torture (arrays): a char grid of strings, rows swapped across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    char grid[3][6] = {"alpha", "beta", "gamma"};
    char tmp[6];
    for (int r = 0; r < 3; r++)
        OUT((int)strlen(grid[r]));
    memcpy(tmp, grid[0], sizeof tmp);
    memcpy(grid[0], grid[2], sizeof tmp);
    memcpy(grid[2], tmp, sizeof tmp);
    OUT(grid[0][0]);
    OUT(grid[2][4]);
    OUT((int)sizeof grid);
}

int main(void)
{
    g();
    return 0;
}
