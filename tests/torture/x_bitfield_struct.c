/* torture (bit-fields): a struct with bit-fields in the frame, wrapping */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct flags {
    unsigned a : 3;
    unsigned b : 5;
    unsigned c : 1;
};

void g(void)
{
    struct flags f = {0, 0, 0};
    for (int i = 0; i < 10; i++) {
        f.a++;
        f.b += 3;
        f.c = !f.c;
        OUT((int)(f.a * 1000 + f.b * 10 + f.c));
    }
    OUT((int)sizeof(struct flags));
}

int main(void)
{
    g();
    return 0;
}
