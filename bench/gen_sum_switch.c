/* gen_sum_switch.c - the same sum through a hand-written resumable
 * function: a switch on a saved state jumping back into the loop (the
 * shape asyncc generates, written by hand, no runtime, no allocation). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define OPAQUE(v) __asm__ volatile("" : "+r"(v))

typedef struct count_state {
    int state;
    long i, n;
} count_state;

/* 1 with the next value in *out, 0 when exhausted. */
static int count_next(count_state *c, long *out)
{
    switch (c->state) {
    case 0:
        for (c->i = 0; c->i < c->n; c->i++) {
            *out = c->i;
            c->state = 1;
            return 1;
        case 1:;
        }
        c->state = 2;
        /* fall through */
    default:
        return 0;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000000L;
    long sum = 0, v;
    count_state c = {0, 0, n};
    double start = now();

    while (count_next(&c, &v)) {
        OPAQUE(v);
        sum += v;
    }
    printf("%ld %.4f\n", sum, n ? (now() - start) * 1e9 / n : 0.0);
    return 0;
}
