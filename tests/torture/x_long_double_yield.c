/* oracle for x_long_double_yield.ac: the generator as a loop, the coroutine as a function */
#include <stdio.h>

static long double total(int n)
{
    long double s = 0, v = 1.0L;
    while (n-- > 0) {
        s += v;
        v /= 2;
    }
    return s;
}

int main(void)
{
    long double v = 1.0L;
    for (int n = 4; n-- > 0; v /= 2)
        printf("%.4Lf\n", v);
    printf("%.6Lf\n", total(6));
    return 0;
}
