/* torture (long double): accumulators and a long double array across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    long double acc = 0.0L;
    long double terms[4] = {0.5L, 0.25L, 0.125L, 0.0625L};
    for (int i = 0; i < 4; i++) {
        acc += terms[i];
        OUT((int)(acc * 10000));
    }
    long double third = 1.0L / 3.0L;
    OUT((int)(third * 3.0L == 1.0L));
    OUT((int)(sizeof acc >= sizeof(double)));
}

int main(void)
{
    g();
    return 0;
}
