/* torture (bit-fields): signed bit-fields and a local struct type with them */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    struct packed {
        signed int lo : 4;
        signed int hi : 4;
        unsigned int rest : 8;
    } p = {-3, 5, 200};
    OUT(p.lo);
    OUT(p.hi);
    p.lo = -8;
    p.rest = (unsigned)(p.rest + 100) & 0xff;
    OUT(p.lo);
    OUT((int)p.rest);
}

int main(void)
{
    g();
    return 0;
}
