/* agen_shutdown_stub.c - placeholder for the async-generator engineer:
 * ac_loop_shutdown_asyncgens closes every async generator the loop still
 * tracks (asyncio's loop.shutdown_asyncgens).  Until that lands there is
 * nothing to close. */
#include "asyncc.h"

int ac_loop_shutdown_asyncgens(ac_loop *loop)
{
    (void)loop;
    return 0;
}
