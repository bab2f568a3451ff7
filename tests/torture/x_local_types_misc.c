/* torture (types): local struct in sizeof, array typedef, unnamed bit-field, static local of a local type, anonymous struct in a for header, local enum in a switch, local function-pointer typedef, long double, pointer to rows */
#include <stdio.h>
#include <string.h>
typedef struct { int q; } FT;
static void g(int k)
{
    struct s { int a[4]; };
    char n[sizeof(struct s)];
    memset(n, 0, sizeof n);
    printf("%d\n", (int)((int)sizeof n));
    typedef int V[3];
    V v = {1, 2, 3};
    printf("%d\n", (int)(v[2]));
    struct bits { unsigned a : 3; unsigned : 2; unsigned b : 4; } bb = {5, 9};
    printf("%d\n", (int)(0));
    printf("%d\n", (int)((int)(bb.a + bb.b)));
    static struct pt { int x; } sp = {5};
    printf("%d\n", (int)(sp.x));
    for (struct { int i, j; } s = {0, 3}; s.i < s.j; s.i++)
        printf("%d\n", (int)(100 + s.i));
    enum color { RED, GREEN = 5, BLUE };
    enum color c = BLUE;
    switch (c) {
    case RED: printf("%d\n", (int)(-1)); break;
    case GREEN: printf("%d\n", (int)(-2)); break;
    case BLUE: printf("%d\n", (int)(6)); printf("%d\n", (int)(BLUE + k)); break;
    }
    typedef int (*binop)(int, int);
    FT ft = {42};
    binop ops[2] = {0, 0};
    printf("%d\n", (int)(ops[1] == 0 ? ft.q : -1));
    long double ld = 1.5L;
    printf("%d\n", (int)(1));
    printf("%d\n", (int)((int)(ld * 2)));
    int mat[2][3] = {{1, 2, 3}, {4, 5, 6}};
    int (*row)[3] = mat;
    printf("%d\n", (int)(2));
    printf("%d\n", (int)(row[1][2]));
}
int main(void)
{
    g(10);
    return 0;
}
