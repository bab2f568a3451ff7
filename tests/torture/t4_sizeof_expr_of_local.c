/* issue 9 item 4: sizeof of an earlier local (struct, string) sizes a later array */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

void g(void)
{
    struct {
        int a, b;
    } s = {1, 2};
    char name[] = "frame";
    long copy[sizeof s / sizeof(int)];
    char dup[sizeof name];
    copy[0] = s.a;
    copy[1] = s.b;
    memcpy(dup, name, sizeof name);
    OUT((int)(sizeof copy / sizeof copy[0]));
    OUT((int)(copy[0] + copy[1]));
    OUT(dup[4]);
}

int main(void)
{
    g();
    return 0;
}
