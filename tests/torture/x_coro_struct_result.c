/* oracle for x_coro_struct_result.ac: the coroutine as a plain function */
#include <stdio.h>

struct stats {
    int min, max;
    double mean;
};

static struct stats analyse(const int *v, int n)
{
    struct stats s = {v[0], v[0], 0};
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (v[i] < s.min)
            s.min = v[i];
        if (v[i] > s.max)
            s.max = v[i];
        sum += v[i];
    }
    s.mean = sum / n;
    return s;
}

int main(void)
{
    int data[5] = {4, -2, 9, 3, 1};
    struct stats s = analyse(data, 5);
    printf("%d %d %.2f\n", s.min, s.max, s.mean);
    s = analyse(data + 2, 2);
    printf("%d %d %.2f\n", s.min, s.max, s.mean);
    return 0;
}
