/* torture (switch): default in the middle, case blocks with their own locals */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    for (int k = 0; k < 5; k++) {
        switch (k * 2) {
        case 2: {
            int local = k * 7;
            OUT(local);
            OUT(local + 1);
            break;
        }
        default: {
            char tag[4] = "d";
            OUT(tag[0]);
        }
        /* fall through */
        case 6:
            OUT(6);
            break;
        case 8:
            OUT(8);
        }
    }
}

int main(void)
{
    g();
    return 0;
}
