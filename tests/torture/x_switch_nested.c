/* torture (switch): a switch inside a case of another, yields at both levels */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    for (int a = 0; a < 3; a++) {
        switch (a) {
        case 0:
            OUT(1);
            break;
        case 1:
            for (int b = 0; b < 3; b++) {
                switch (b) {
                case 0:
                    OUT(10);
                    continue;
                case 1:
                    OUT(11);
                    break;
                default:
                    OUT(12);
                }
                OUT(20 + b);
            }
            break;
        default:
            OUT(3);
        }
    }
}

int main(void)
{
    g();
    return 0;
}
