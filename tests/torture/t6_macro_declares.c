/* issue 9 item 6: #define COUNTER(n) int n = 100 declares a frame local */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define COUNTER(n) int n = 100
#define DECL2(a, b) int a = 1, b = 2

void g(void)
{
    COUNTER(hits);
    OUT(hits);
    hits++;
    DECL2(p, q);
    OUT(hits + p);
    OUT(q);
}

int main(void)
{
    g();
    return 0;
}
