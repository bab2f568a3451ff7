/* torture (goto): gotos between cases of a switch inside a loop with yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    for (int i = 0; i < 3; i++) {
        switch (i) {
        case 0:
            OUT(10);
            goto shared;
        case 1:
            OUT(11);
        shared:
            OUT(20 + i);
            break;
        default:
            OUT(12);
        }
    }
}

int main(void)
{
    g();
    return 0;
}
