/* asyncc/sync.h - Synchronisation on one loop: locks, events, semaphores, conditions and queues (asyncio.Lock, ..., asyncio.Queue).
 * Included by asyncc.h (include that, not this). */
#ifndef ASYNCC_SYNC_H
#define ASYNCC_SYNC_H

#endif /* ASYNCC_SYNC_H */
