/* torture (declarators): several declarators of different shapes in one declaration */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

static int inc(int x) { return x + 1; }

void g(void)
{
    int a = 1, *pa = &a, arr[2] = {3, 4}, (*fp)(int) = inc;
    OUT(a);
    *pa = 10;
    OUT(a);
    OUT(arr[1]);
    OUT(fp(arr[0]));
    char c = 'q', *s = "str", buf[4] = "ab";
    OUT(c);
    OUT(s[2]);
    OUT(buf[1]);
}

int main(void)
{
    g();
    return 0;
}
