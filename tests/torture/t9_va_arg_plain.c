/* issue 9 item 9: va_arg(ap, const char *) in a plain variadic function beside a generator */
#include <stdarg.h>
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

static int total_len(int n, ...)
{
    va_list ap;
    int t = 0;
    va_start(ap, n);
    while (n-- > 0)
        t += (int)strlen(va_arg(ap, const char *));
    va_end(ap);
    return t;
}

static double avg(int n, ...)
{
    va_list ap;
    double s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        s += va_arg(ap, double);
    va_end(ap);
    return n ? s / n : 0;
}

void g(void)
{
    OUT(total_len(3, "a", "bb", "ccc"));
    OUT((int)(avg(4, 1.0, 2.0, 3.0, 6.0) * 100));
    OUT(total_len(0));
}

int main(void)
{
    g();
    return 0;
}
