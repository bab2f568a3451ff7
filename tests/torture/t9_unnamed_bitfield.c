/* issue 9 item 9: unnamed bit-fields in file-scope and local structs, next to yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

struct hdr {
    unsigned version : 4;
    unsigned : 4;
    unsigned flags : 8;
    unsigned : 0;
    unsigned len : 16;
};

void g(void)
{
    struct hdr h = {4, 0x5a, 1500};
    OUT((int)h.version);
    OUT((int)h.flags);
    h.len += 36;
    OUT((int)h.len);
    OUT((int)sizeof h);
}

int main(void)
{
    g();
    return 0;
}
