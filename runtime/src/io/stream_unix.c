/* stream_unix.c - Unix-socket streams and servers, as asyncio's
 * open_unix_connection and start_unix_server (create_unix_connection /
 * create_unix_server of unix_events.py). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "io/server.h"
#include "io/sock.h"
#include "io/sock_coro.h"
#include "io/stream.h"

/* A Unix listening socket's backlog: asyncio's default. */
#define UNIX_BACKLOG 100

/* path as a sockaddr_un; -1 with Python's OSError "AF_UNIX path too long"
 * (no errno) when it does not fit. */
static int unix_addr(const char *path, ac_sockaddr *sa)
{
    struct sockaddr_un *un = (struct sockaddr_un *)&sa->ss;
    size_t len = strlen(path);
    memset(sa, 0, sizeof *sa);
    if (len >= sizeof un->sun_path)
        return ac_err_format(&ac_OSError, "AF_UNIX path too long");
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, path, len + 1);
    sa->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
    return 0;
}

/* ---- ac_open_unix_connection ------------------------------------------- */

typedef struct unix_open_frame {
    ac_frame hdr;
    ac_stream *ac_result;
    char *path;
    int fd;
    void *aw;
} unix_open_frame;

static void unix_open_drop(ac_frame *f)
{
    unix_open_frame *fr = (unix_open_frame *)f;
    ac_decref(fr->aw); /* first: it may still watch fd */
    fr->aw = NULL;
    ac__sock_close(fr->fd);
    fr->fd = -1;
    free(fr->path);
    fr->path = NULL;
}

static int unix_open_resume(ac_frame *f)
{
    unix_open_frame *fr = (unix_open_frame *)f;
    ac_sockaddr sa;
    int r, in_progress;
    if (f->state == 1)
        goto s1;
    if (unix_addr(fr->path, &sa) < 0)
        goto fail;
    fr->fd = ac__sock_connect_to(&sa, SOCK_STREAM, &in_progress);
    if (fr->fd < 0)
        goto fail;
    if (in_progress) {
        fr->aw = ac__sock_wait_writable(fr->fd);
        AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
        if (r < 0)
            goto fail;
        /* asyncio shows the address of a Unix socket as its path. */
        char where[sizeof((struct sockaddr_un *)0)->sun_path + 2];
        snprintf(where, sizeof where, "%s", fr->path);
        if (ac__sock_connect_result_at(fr->fd, where) < 0)
            goto fail;
    }
    fr->ac_result = ac__stream_new(fr->fd); /* takes fd, even on failure */
    fr->fd = -1;
    if (fr->ac_result == NULL)
        goto fail;
    unix_open_drop(f);
    return AC_RETURNED;
fail:
    unix_open_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(unix_open_code, "ac_open_unix_connection", unix_open_frame,
              unix_open_resume, unix_open_drop);

void *ac_open_unix_connection(const char *path)
{
    unix_open_frame *fr = (unix_open_frame *)ac__frame_new(&unix_open_code);
    if (fr == NULL)
        return NULL;
    fr->fd = -1;
    fr->path = strdup(path ? path : "");
    if (fr->path == NULL) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}

/* ---- ac_start_unix_server ---------------------------------------------- */

/* A stale socket file from an earlier server is removed, as asyncio does;
 * anything else at path stays (bind then fails). */
static void remove_stale_socket(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(path);
}

/* A listening Unix socket at path; -1 with the exception, in asyncio's
 * words for an address in use: "[Errno 98] Address 'p' is already in
 * use". */
static int unix_listen(const char *path)
{
    ac_sockaddr sa;
    if (unix_addr(path, &sa) < 0)
        return -1;
    remove_stale_socket(path);
    int fd = ac__sock_new(AF_UNIX, SOCK_STREAM);
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&sa.ss, sa.len) < 0) {
        int err = errno;
        ac__sock_close(fd);
        if (err == EADDRINUSE)
            ac_err_set(
                ac_exc_from_errno(err, "Address '%s' is already in use", path));
        else
            ac_err_set(ac_exc_from_errno(err, NULL));
        return -1;
    }
    if (listen(fd, UNIX_BACKLOG) < 0) {
        int err = errno;
        ac__sock_close(fd);
        ac_err_set(ac_exc_from_errno(err, NULL));
        return -1;
    }
    return fd;
}

typedef struct unix_start_frame {
    ac_frame hdr;
    ac_server *ac_result;
    ac_conn_handler handler;
    void *arg;
    char *path;
} unix_start_frame;

static void unix_start_drop(ac_frame *f)
{
    unix_start_frame *fr = (unix_start_frame *)f;
    free(fr->path);
    fr->path = NULL;
}

static int unix_start_resume(ac_frame *f)
{
    unix_start_frame *fr = (unix_start_frame *)f;
    int fd = unix_listen(fr->path);
    fr->ac_result = fd < 0 ? NULL : ac__server_new(fd, fr->handler, fr->arg);
    if (fr->ac_result != NULL &&
        ac__server_set_unix_path(fr->ac_result, fr->path) < 0) {
        ac_server_close(fr->ac_result);
        ac_decref(fr->ac_result);
        fr->ac_result = NULL;
    }
    unix_start_drop(f);
    return fr->ac_result ? AC_RETURNED : AC_RAISED;
}

AC__CORO_CODE(unix_start_code, "ac_start_unix_server", unix_start_frame,
              unix_start_resume, unix_start_drop);

void *ac_start_unix_server(ac_conn_handler handler, void *arg, const char *path)
{
    unix_start_frame *fr = (unix_start_frame *)ac__frame_new(&unix_start_code);
    if (fr == NULL)
        return NULL;
    fr->handler = handler;
    fr->arg = arg;
    fr->path = strdup(path ? path : "");
    if (fr->path == NULL) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}
