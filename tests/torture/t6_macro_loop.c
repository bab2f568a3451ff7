/* issue 9 item 6: a loop macro wrapping a body with yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))
#include <string.h>
#include <stddef.h>

#define REPEAT(n) for (int rep_ = 0; rep_ < (n); rep_++)
#define FOR_RANGE(var, lo, hi) for (int var = (lo); var < (hi); var++)

void g(void)
{
    int total = 0;
    REPEAT(3) {
        total += 2;
        OUT(total);
    }
    FOR_RANGE(k, 5, 8)
        OUT(k);
}

int main(void)
{
    g();
    return 0;
}
