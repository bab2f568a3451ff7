/* torture (strings): reversing words in place, one yield per swap */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    char s[] = "abc defg hi";
    char *w = s;
    while (*w) {
        char *e = w;
        while (*e && *e != ' ')
            e++;
        for (char *a = w, *b = e - 1; a < b; a++, b--) {
            char t = *a;
            *a = *b;
            *b = t;
            OUT(*a);
        }
        w = *e ? e + 1 : e;
    }
    for (unsigned i = 0; i < sizeof s - 1; i++)
        OUT(s[i]);
}

int main(void)
{
    g();
    return 0;
}
