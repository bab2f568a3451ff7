/* torture (strings): character classes counted with ctype and a table in the frame */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

#include <ctype.h>
void g(void)
{
    const char *text = "Hello, World 42!";
    int counts[4] = {0, 0, 0, 0};
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int k = isupper(c) ? 0 : islower(c) ? 1 : isdigit(c) ? 2 : 3;
        counts[k]++;
        if (k == 2)
            OUT(c - '0');
    }
    for (int i = 0; i < 4; i++)
        OUT(counts[i]);
}

int main(void)
{
    g();
    return 0;
}
