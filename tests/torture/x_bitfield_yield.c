/* torture (bit-fields): yielding bit-field members, compound assignment on them */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct reg {
    unsigned mode : 2;
    unsigned count : 6;
};

void g2(void)
{
    struct reg r = {1, 60};
    for (int i = 0; i < 5; i++) {
        r.count += 2;
        r.mode ^= 3;
        OUT(r.count);
        OUT(r.mode);
    }
}

void g(void)
{
    g2();
}

int main(void)
{
    g();
    return 0;
}
