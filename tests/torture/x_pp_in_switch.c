/* torture (#if): #if choosing case labels and yields inside a switch */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

#define WITH_THREE 1

void g(void)
{
    for (int k = 0; k < 4; k++) {
        switch (k) {
        case 0:
            OUT(0);
            break;
#if WITH_THREE
        case 3:
            OUT(3);
            break;
#endif
        default:
#ifdef NOPE
            OUT(-1);
#else
            OUT(100 + k);
#endif
        }
    }
}

int main(void)
{
    g();
    return 0;
}
