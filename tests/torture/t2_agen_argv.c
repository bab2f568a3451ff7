/* oracle: the async generator as a function that prints each item */
#include <stdio.h>

static int len(int c) { return c; }

static void firsts(int argc, char *argv[], int f(int))
{
    for (int i = 0; i < argc; i++)
        printf("%d\n", f(argv[i][0]));
}

int main(void)
{
    char *args[] = {"abc", "xyz"};
    firsts(2, args, len);
    return 0;
}
