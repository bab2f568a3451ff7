/* issue 9 item 4: casts, ?:, character constants, sizeof(type), offsetof as array sizes */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

struct big {
    char a;
    double b;
    int c[3];
};

void g(void)
{
    char a1[(int)4.0];
    char a2[1 ? 3 : 5];
    char a3['d' - 'a' + 1];
    char a4[sizeof(struct big)];
    char a5[offsetof(struct big, c)];
    char a6[sizeof(int) * 2 + (3 << 1)];
    OUT((int)sizeof a1);
    OUT((int)sizeof a2);
    OUT((int)sizeof a3);
    OUT((int)(sizeof a4 == sizeof(struct big)));
    OUT((int)(sizeof a5 == offsetof(struct big, c)));
    OUT((int)sizeof a6);
    a1[0] = a2[0] = a3[0] = a4[0] = a5[0] = a6[0] = 1;
    OUT(a1[0] + a2[0] + a3[0] + a4[0] + a5[0] + a6[0]);
}

int main(void)
{
    g();
    return 0;
}
