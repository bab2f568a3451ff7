/* torture (strings): snprintf into a frame buffer across yields, string functions */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

void g(void)
{
    char buf[48] = "";
    size_t len = 0;
    for (int i = 0; i < 5; i++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%d,", i * i);
        OUT((int)len);
    }
    buf[len - 1] = 0;
    OUT((int)strlen(buf));
    char *comma = strrchr(buf, ',');
    OUT(comma ? (int)(comma - buf) : -1);
    OUT(strcmp(buf, "0,1,4,9,16") == 0);
    char copy[sizeof buf];
    strcpy(copy, buf);
    OUT((int)strspn(copy, "0123456789,"));
}

int main(void)
{
    g();
    return 0;
}
