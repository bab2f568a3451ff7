/* issue 9 item 1: local enumerators as case labels, yields inside the cases */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(int n)
{
    enum op { ADD, SUB, MUL, STOP };
    enum op prog[] = {ADD, MUL, SUB, ADD, STOP};
    int acc = n;
    for (int pc = 0;; pc++) {
        switch (prog[pc]) {
        case ADD:
            acc += 3;
            OUT(acc);
            break;
        case SUB:
            acc -= 1;
            OUT(acc);
            break;
        case MUL:
            acc *= 2;
            OUT(acc);
            break;
        case STOP:
            OUT(-1);
            return;
        }
    }
}

int main(void)
{
    g(1);
    return 0;
}
