/* torture (function pointers): a struct of function pointers (a vtable) in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct shape_ops {
    int (*area)(int);
    int (*perimeter)(int);
};

static int sq_area(int s) { return s * s; }
static int sq_per(int s) { return 4 * s; }
static int tri_area(int s) { return s * s / 2; }
static int tri_per(int s) { return 3 * s; }

void g(void)
{
    struct shape_ops kinds[2] = {{sq_area, sq_per}, {tri_area, tri_per}};
    const struct shape_ops *cur = &kinds[0];
    for (int s = 1; s <= 3; s++) {
        OUT(cur->area(s));
        OUT(cur->perimeter(s));
        cur = &kinds[s % 2];
    }
}

int main(void)
{
    g();
    return 0;
}
