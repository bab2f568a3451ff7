/* Old C and dead text, no annotations: copied byte for byte. */
#include <stdio.h>

#if 0
This group was never C: it's prose with an apostrophe, a "quote,
half a statement { and await yield try - none of it is read.
#if nested
}
#endif
#endif

/* K&R definitions */
int add(a, b)
int a;
int b;
{
    return a + b;
}

char *pick(s, i)
char *s;
int i;
{
    return s + i;
}

#ifdef USE_LONG_ARGS
static long scale(long v) {
#else
static int scale(int v) {
#endif
    return v * 2;
}

#define EMPTY_HOOK(a, b)  
#define NOTHING 
#include <stddef.h>  

int main(argc, argv)
int argc;
char **argv;
{
    EMPTY_HOOK(argc, argv);
    printf("%d %s %d\n", add(1, 2), pick("hello", 1), (int)scale(21));
    return 0;
}
