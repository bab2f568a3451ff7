/* torture (structs): arrays inside structs copied by assignment, rotating across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct ring {
    int v[4];
    int head;
};

void g(void)
{
    struct ring r = {{1, 2, 3, 4}, 0}, saved;
    saved = r;
    for (int step = 0; step < 6; step++) {
        r.v[r.head] *= 10;
        r.head = (r.head + 1) % 4;
        OUT(r.v[0] + r.v[1] + r.v[2] + r.v[3]);
    }
    r = saved;
    OUT(r.v[0] + r.head);
}

int main(void)
{
    g();
    return 0;
}
