/* issue 9 item 2: async int amain(int argc, char *argv[]) - the array parameter is char ** */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

int amain(int argc, char *argv[])
{
    int total = 0;
    for (int i = 0; i < argc; i++) {
        (void)0;
        total += (int)strlen(argv[i]);
        printf("%d %s\n", i, argv[i]);
    }
    argv++;
    printf("after ++: %s\n", argv[0]);
    return total;
}

int main(void)
{
    char a0[] = "prog", a1[] = "alpha", a2[] = "be";
    char *args[] = {a0, a1, a2, NULL};
    int r = amain(3, args);
    printf("total %d\n", r);
    return 0;
}
