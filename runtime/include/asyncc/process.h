/* asyncc/process.h - Processes and signals: subprocesses with piped streams, a child watcher, signal handlers on the loop.
 * Included by asyncc.h (include that, not this). */
#ifndef ASYNCC_PROCESS_H
#define ASYNCC_PROCESS_H

#endif /* ASYNCC_PROCESS_H */
