// cflags: -std=c99 -pedantic -Wno-implicit-fallthrough
/* torture (switch): Duff's device with a yield in every case */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    int src[11], sum = 0;
    for (int i = 0; i < 11; i++)
        src[i] = i + 1;
    int *p = src;
    int count = 11;
    int n = (count + 3) / 4;
    switch (count % 4) {
    case 0: do { sum += *p++; OUT(sum);
    case 3:      sum += *p++; OUT(sum);
    case 2:      sum += *p++; OUT(sum);
    case 1:      sum += *p++; OUT(sum);
            } while (--n > 0);
    }
    OUT(-sum);
}

int main(void)
{
    g();
    return 0;
}
