/* issue 9 item 1: a local enumerator shadows a file-scope enumerator and object */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

enum { LIMIT = 3 };
static int SCALE = 100;

void g(void)
{
    OUT(LIMIT);
    {
        enum { LIMIT = 5, SCALE = 7 };
        int arr[LIMIT];
        for (int i = 0; i < LIMIT; i++)
            arr[i] = i * SCALE;
        OUT(arr[LIMIT - 1]);
    }
    OUT(LIMIT * SCALE);
}

int main(void)
{
    g();
    return 0;
}
