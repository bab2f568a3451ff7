/* server.h - runtime-internal: the server object for the files that start
 * one on a listening socket of their own (stream_unix.c). */
#ifndef AC_SERVER_H
#define AC_SERVER_H

#include "asyncc.h"

/* A server accepting on fd (a non-blocking listening socket, taken: closed
 * on failure) with one task per connection running handler; on the running
 * loop.  NULL with the exception. */
ac_server *ac__server_new(int fd, ac_conn_handler handler, void *arg);

/* Remember path (the server's socket file, bound just now) to remove when
 * the server closes.  0, or -1 with the exception. */
int ac__server_set_unix_path(ac_server *srv, const char *path);

#endif
