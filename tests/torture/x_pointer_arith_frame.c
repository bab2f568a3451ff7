/* torture (pointers): pointer comparisons and differences between frame locals' elements */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    double xs[6] = {1, 2, 3, 4, 5, 6};
    double *lo = xs, *hi = xs + 5;
    while (lo < hi) {
        double t = *lo;
        *lo++ = *hi;
        *hi-- = t;
        OUT((int)(hi - lo));
    }
    for (const double *p = xs; p != xs + 6; p++)
        OUT((int)*p);
}

int main(void)
{
    g();
    return 0;
}
