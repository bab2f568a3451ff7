/* issue 9 item 2: typedef names of array and pointer types in frame locals */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

typedef int vec3[3];
typedef const char *str;

void g(void)
{
    vec3 a = {1, 2, 3};
    vec3 b;
    str s = "typed";
    str list[] = {"x", "yy"};
    memcpy(b, a, sizeof b);
    b[2] = 30;
    OUT(a[2]);
    OUT(b[2]);
    OUT((int)sizeof(vec3));
    OUT(s[4]);
    OUT((int)strlen(list[1]));
}

int main(void)
{
    g();
    return 0;
}
