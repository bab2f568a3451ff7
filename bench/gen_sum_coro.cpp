// gen_sum_coro.cpp - the same sum through a C++20 coroutine generator
// (a minimal std::coroutine_handle generator; C++23's std::generator is
// not in g++ 12).
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>

#define OPAQUE(v) __asm__ volatile("" : "+r"(v))

class generator
{
  public:
    struct promise_type {
        long value = 0;
        generator get_return_object()
        {
            return generator(handle::from_promise(*this));
        }
        std::suspend_always initial_suspend() noexcept
        {
            return {};
        }
        std::suspend_always final_suspend() noexcept
        {
            return {};
        }
        std::suspend_always yield_value(long v) noexcept
        {
            value = v;
            return {};
        }
        void return_void() noexcept
        {
        }
        void unhandled_exception()
        {
            std::terminate();
        }
    };
    using handle = std::coroutine_handle<promise_type>;

    explicit generator(handle h) : h_(h)
    {
    }
    generator(const generator &) = delete;
    // clang 14 moves the return object out of get_return_object(): a
    // move that leaves nothing to destroy behind.
    generator(generator &&other) noexcept : h_(other.h_)
    {
        other.h_ = nullptr;
    }
    ~generator()
    {
        if (h_)
            h_.destroy();
    }

    bool next()
    {
        h_.resume();
        return !h_.done();
    }
    long value() const
    {
        return h_.promise().value;
    }

  private:
    handle h_;
};

static generator count(long n)
{
    for (long i = 0; i < n; i++)
        co_yield i;
}

static double now()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000000L;
    long sum = 0;
    double start = now();

    generator g = count(n);
    while (g.next()) {
        long v = g.value();
        OPAQUE(v);
        sum += v;
    }
    std::printf("%ld %.4f\n", sum, n ? (now() - start) * 1e9 / n : 0.0);
    return 0;
}
