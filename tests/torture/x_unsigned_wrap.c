/* torture (types): unsigned and fixed-width arithmetic across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

#include <stdint.h>
void g(void)
{
    unsigned char c = 250;
    uint16_t w = 65530;
    uint32_t h = 2166136261u;
    for (int i = 0; i < 8; i++) {
        c += 3;
        w += 2;
        h = (h ^ (uint32_t)i) * 16777619u;
        OUT(c);
        OUT(w);
    }
    OUT((int)(h % 100000));
    int8_t s = 127;
    s = (int8_t)(s + 0);
    OUT(s);
}

int main(void)
{
    g();
    return 0;
}
