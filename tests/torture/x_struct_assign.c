/* torture (structs): struct assignment, struct-returning calls, structs with arrays across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct rec {
    int id;
    char name[8];
    double score[2];
};

static struct rec make(int id, const char *name)
{
    struct rec r;
    memset(&r, 0, sizeof r);
    r.id = id;
    strncpy(r.name, name, sizeof r.name - 1);
    r.score[0] = id * 1.5;
    r.score[1] = id * 2.5;
    return r;
}

void g(void)
{
    struct rec a = make(2, "two"), b;
    OUT(a.id);
    b = a;
    a = make(4, "four");
    OUT(b.name[1]);
    OUT((int)(b.score[0] * 10));
    OUT(a.name[3]);
    struct rec arr[2] = {a, b};
    arr[0] = arr[1];
    OUT(arr[0].id + arr[1].id);
    OUT((int)(make(6, "six").score[1] * 2));
}

int main(void)
{
    g();
    return 0;
}
