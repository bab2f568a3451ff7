/* issue 9 item 3: compound literals as call arguments and stored pointers, a yield in between */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct pt {
    int x, y;
};

static int dot(const struct pt *a, const struct pt *b)
{
    return a->x * b->x + a->y * b->y;
}

void g(void)
{
    const struct pt *keep = &(struct pt){3, 4};
    OUT(dot(keep, &(struct pt){1, 1}));
    OUT(dot(keep, keep));
    int *arr = (int[4]){0};
    for (int i = 0; i < 4; i++) {
        arr[i] = i * keep->x;
        OUT(arr[i]);
    }
}

int main(void)
{
    g();
    return 0;
}
