/* uv_idle.c - libuv's peer of tasks.ac and sleep0.ac: N idle handles, each
 * run SWITCHES times (one uv_idle callback = one switch), all alive at
 * once.  Prints "HANDLES SWITCHES SECONDS PEAK_RSS_KB BASE_RSS_KB", as
 * tasks.ac does.  With N = 1 it is the one-coroutine sleep(0) loop. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <uv.h>

typedef struct counted {
    uv_idle_t idle;
    int left;
} counted;

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void on_idle(uv_idle_t *h)
{
    counted *c = (counted *)h;
    if (--c->left == 0)
        uv_idle_stop(h);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000L;
    int switches = argc > 2 ? atoi(argv[2]) : 10;
    long base = peak_rss_kb();
    double start = now();
    uv_loop_t *loop = uv_default_loop();
    /* one allocation per handle, as a task is (not one array) */
    counted **all = malloc((size_t)(n > 0 ? n : 1) * sizeof *all);
    for (long i = 0; i < n; i++) {
        all[i] = malloc(sizeof *all[i]);
        all[i]->left = switches;
        uv_idle_init(loop, &all[i]->idle);
        if (switches > 0)
            uv_idle_start(&all[i]->idle, on_idle);
    }
    uv_run(loop, UV_RUN_DEFAULT);
    double secs = now() - start;
    long peak = peak_rss_kb();
    printf("%ld %ld %.4f %ld %ld\n", n, n * (long)switches, secs, peak, base);
    for (long i = 0; i < n; i++)
        free(all[i]);
    free(all);
    return 0;
}
