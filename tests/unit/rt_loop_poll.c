/* rt_loop_poll.c - rt_loop's tests again, on the poll(2) backend whatever
 * ASYNCC_IO_BACKEND this build chose: this program links its own copy of
 * the poll backend, which takes the place of the library's. */
#ifndef ASYNCC_IO_POLL
#define ASYNCC_IO_POLL 1
#endif
#include "loop/poller_poll.c"

#include "rt_loop.c"
