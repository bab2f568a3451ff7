/* issue 9 item 2: const char *names[] keeps its const (a const char ** takes it) */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

static int total_len(const char **v, int n)
{
    int t = 0;
    while (n-- > 0)
        t += (int)strlen(*v++);
    return t;
}

void g(void)
{
    const char *names[] = {"ann", "bob", "cleo"};
    const char **p = names;
    OUT(total_len(p, 3));
    names[1] = "robert";
    OUT(total_len(names, 3));
    OUT((int)(sizeof names / sizeof names[0]));
}

int main(void)
{
    g();
    return 0;
}
