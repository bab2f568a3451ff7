/* torture (#if): #if/#elif/#else around yields and declarations */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

#define MODE 2
#define FEATURE_A

void g(void)
{
#if MODE == 1
    int base = 10;
#elif MODE == 2
    int base = 20;
    OUT(-2);
#else
    int base = 30;
#endif
    OUT(base);
#ifdef FEATURE_A
    for (int i = 0; i < 2; i++) {
        OUT(base + i);
#ifndef FEATURE_B
        OUT(-i);
#endif
    }
#endif
#if defined(FEATURE_A) && !defined(FEATURE_B) && MODE > 1
    OUT(77);
#endif
#if 0
    OUT(666);
#endif
}

int main(void)
{
    g();
    return 0;
}
