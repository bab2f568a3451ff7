/* deep_stack.c - see deep_stack.h. */
#include "codegen/deep_stack.h"

#include <pthread.h>

typedef struct call {
    int (*fn)(void *arg);
    void *arg;
    int result;
} call;

static void *run_call(void *p)
{
    call *c = p;
    c->result = c->fn(c->arg);
    return NULL;
}

int ac_call_on_deep_stack(int (*fn)(void *arg), void *arg)
{
    call c = {fn, arg, 0};
    pthread_attr_t attr;
    pthread_t t;
    if (pthread_attr_init(&attr) != 0)
        return fn(arg);
    int made = pthread_attr_setstacksize(&attr, AC_DEEP_STACK) == 0 &&
               pthread_create(&t, &attr, run_call, &c) == 0;
    pthread_attr_destroy(&attr);
    if (!made)
        return fn(arg);
    pthread_join(t, NULL);
    return c.result;
}
