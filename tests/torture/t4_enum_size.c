/* issue 9 item 4: an array sized by a file-scope enumerator expression */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

enum { ROWS = 2, COLS = 3 };

void g(void)
{
    int grid[ROWS * COLS];
    for (int i = 0; i < ROWS * COLS; i++)
        grid[i] = i;
    OUT(grid[ROWS * COLS - 1]);
    OUT((int)(sizeof grid / sizeof grid[0]));
}

int main(void)
{
    g();
    return 0;
}
