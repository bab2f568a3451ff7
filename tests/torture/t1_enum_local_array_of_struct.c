/* issue 9 item 1: an array of a local struct type sized by a local enumerator */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    enum { N = 3 };
    struct item {
        int key;
        char tag;
    } items[N] = {{1, 'a'}, {2, 'b'}, {3, 'c'}};
    for (int i = 0; i < N; i++) {
        OUT(items[i].key);
        OUT(items[i].tag);
    }
    OUT((int)(sizeof items / sizeof(struct item)));
}

int main(void)
{
    g();
    return 0;
}
