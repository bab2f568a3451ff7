/* torture (function pointers): an interpreter dispatching through a table */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }

void g(void)
{
    int (*ops[3])(int, int) = {op_add, op_sub, op_mul};
    int code[][2] = {{0, 5}, {2, 3}, {1, 4}, {2, 2}};
    int acc = 1;
    for (unsigned i = 0; i < sizeof code / sizeof code[0]; i++) {
        acc = ops[code[i][0]](acc, code[i][1]);
        OUT(acc);
    }
}

int main(void)
{
    g();
    return 0;
}
