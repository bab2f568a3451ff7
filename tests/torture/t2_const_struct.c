/* torture (declarators): a const struct local in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

struct pt {
    int x, y;
};

void g(void)
{
    const struct pt origin = {1, 2};
    struct pt moving = origin;
    for (int i = 0; i < 3; i++) {
        moving.x += origin.x;
        OUT(moving.x * 10 + origin.y);
    }
    const struct pt pts[] = {{3, 4}, {5, 6}};
    OUT(pts[1].x + (int)(sizeof pts / sizeof pts[0]));
}

int main(void)
{
    g();
    return 0;
}
