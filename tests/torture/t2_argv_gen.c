/* issue 9 item 2: a generator over char *argv[]; the parameter is adjusted to char ** */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void lengths(int argc, char *argv[])
{
    while (argc-- > 0) {
        int n = 0;
        for (char *p = *argv++; *p; p++)
            n++;
        OUT(n);
    }
    OUT(argv[-1][0]);
}

int main(void)
{
    char *args[] = {"one", "three", "seventeen"};
    lengths(3, args);
    return 0;
}
