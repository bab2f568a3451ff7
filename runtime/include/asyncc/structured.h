/* asyncc/structured.h - Structured concurrency: task groups, timeouts, shield, wait, as_completed, exception groups (asyncio.TaskGroup, asyncio.timeout, ...).
 * Included by asyncc.h (include that, not this). */
#ifndef ASYNCC_STRUCTURED_H
#define ASYNCC_STRUCTURED_H

#endif /* ASYNCC_STRUCTURED_H */
