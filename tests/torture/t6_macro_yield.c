/* issue 9 item 6: a macro whose body holds yield */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define EMIT(x) OUT(x)
#define EMIT_TWICE(x) do { OUT(x); OUT((x) + 1); } while (0)

void g(void)
{
    int n = 5;
    EMIT(n);
    EMIT_TWICE(n * 10);
    for (int i = 0; i < 2; i++)
        EMIT(i);
}

int main(void)
{
    g();
    return 0;
}
