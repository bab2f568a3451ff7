/* gen_sum_plain.c - the same sum as gen_sum.ac, as a plain C loop. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define OPAQUE(v) __asm__ volatile("" : "+r"(v))

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000000L;
    long sum = 0;
    double start = now();

    for (long i = 0; i < n; i++) {
        long v = i;
        OPAQUE(v);
        sum += v;
    }
    printf("%ld %.4f\n", sum, n ? (now() - start) * 1e9 / n : 0.0);
    return 0;
}
