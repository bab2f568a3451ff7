/* torture (declarators): an unsized array of structs with designators */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

struct pt {
    int x, y;
};

void g(void)
{
    struct pt pts[] = {{1, 2}, {3, 4}, [4] = {.y = 9}};
    OUT((int)(sizeof pts / sizeof pts[0]));
    for (int i = 0; i < 5; i++)
        OUT(pts[i].x * 100 + pts[i].y);
}

int main(void)
{
    g();
    return 0;
}
