/* issue 9 item 1: a local enum sizes an array of pointers that lives in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

static int slots[16];

void g(int n)
{
    enum { WINDOW = 8 };
    int *aws[WINDOW];
    for (int i = 0; i < WINDOW; i++) {
        slots[i] = i * n;
        aws[i] = &slots[i];
        OUT(i);
    }
    for (int i = WINDOW - 1; i >= 0; i--)
        OUT(*aws[i]);
    OUT((int)(sizeof aws / sizeof aws[0]));
}

int main(void)
{
    g(3);
    return 0;
}
