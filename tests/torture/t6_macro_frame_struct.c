/* issue 9 item 6: macros that access members of frame structs and take addresses */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

struct stack {
    int items[8];
    int top;
};

#define PUSH(s, v) ((s).items[(s).top++] = (v))
#define POP(s) ((s).items[--(s).top])
#define EMPTY(s) ((s).top == 0)

void g(void)
{
    struct stack st = {{0}, 0};
    for (int i = 1; i <= 4; i++) {
        PUSH(st, i * i);
        OUT(st.top);
    }
    while (!EMPTY(st))
        OUT(POP(st));
}

int main(void)
{
    g();
    return 0;
}
