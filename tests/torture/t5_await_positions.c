/* issue 9 item 5: await as an index, an argument, nested, in while/switch/return */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

int val(int x)
{
    (void)0;
    return x;
}

static int add(int a, int b) { return a + b; }

int amain(void)
{
    int arr[4] = {10, 20, 30, 40};
    int a = arr[val(2)];
    printf("a=%d\n", a);
    int b = add(val(5), 1);
    printf("b=%d\n", b);
    int c = val(val(7) + 1);
    printf("c=%d\n", c);
    int n = 0;
    while (val(n) < 3)
        n++;
    printf("n=%d\n", n);
    switch (val(2)) {
    case 1:
        printf("one\n");
        break;
    case 2:
        printf("two %d\n", val(22));
        break;
    }
    arr[val(0)] += val(5);
    printf("arr0=%d\n", arr[0]);
    return val(a) + 1;
}

int main(void)
{
    int r = amain();
    printf("%d\n", r);
    return 0;
}
