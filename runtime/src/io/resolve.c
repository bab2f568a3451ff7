/* resolve.c - ac_getaddrinfo: getaddrinfo(3) on the loop's default
 * executor, as loop.getaddrinfo, its result an ac_addrinfo handle; a
 * failure is socket.gaierror (ac_gaierror, an OSError). */
#include "io/resolve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exc.h"
#include "core/object.h"
#include "core/text.h"
#include "io/sock_coro.h"

const ac_exc_type ac_gaierror = {"gaierror", &ac_OSError};

struct ac_addrinfo {
    ac_object ob;
    struct addrinfo *list;
};

static void addrinfo_dealloc(ac_object *o)
{
    ac_addrinfo *ai = (ac_addrinfo *)o;
    if (ai->list != NULL)
        freeaddrinfo(ai->list);
    free(ai);
}

static const ac_objtype addrinfo_type = {
    .name = "addrinfo", .kind = AC_OBJ_OTHER, .dealloc = addrinfo_dealloc};

const struct addrinfo *ac_addrinfo_list(const ac_addrinfo *ai)
{
    return ai->list;
}

/* ---- the job the executor runs ---------------------------------------- */

/* Shared by the awaiting frame and the worker thread; the last of the two
 * to let go frees it (the frame may be cancelled while getaddrinfo runs). */
typedef struct resolve_job {
    atomic_int refs;
    char *host, *port; /* NULL: none */
    struct addrinfo hints;
    int rc;        /* 0 or EAI_* */
    int sys_errno; /* for EAI_SYSTEM */
    struct addrinfo *list;
} resolve_job;

static void job_release(resolve_job *job)
{
    if (job == NULL || atomic_fetch_sub(&job->refs, 1) != 1)
        return;
    if (job->list != NULL)
        freeaddrinfo(job->list);
    free(job->host);
    free(job->port);
    free(job);
}

static void *resolve_in_thread(void *arg)
{
    resolve_job *job = arg;
    job->rc = getaddrinfo(job->host, job->port, &job->hints, &job->list);
    job->sys_errno = errno;
    job_release(job);
    return NULL;
}

static char *dup_or_null(const char *s, bool *failed)
{
    char *d = s != NULL ? strdup(s) : NULL;
    if (s != NULL && d == NULL)
        *failed = true;
    return d;
}

static ac_exc *exc_with_errno(const ac_exc_type *type, int err, const char *fmt,
                              ...)
{
    va_list ap;
    va_start(ap, fmt);
    ac_exc *e = ac__exc_vnew(type, err, fmt, ap);
    va_end(ap);
    return e;
}

/* Python's socket.gaierror(rc, gai_strerror(rc)); EAI_SYSTEM is the OSError
 * of errno, as in CPython's set_gaierror. */
void ac__raise_gaierror(int rc, int sys_errno)
{
    if (rc == EAI_SYSTEM) {
        ac_err_set(ac_exc_from_errno(sys_errno, NULL));
        return;
    }
    ac_err_set(exc_with_errno(&ac_gaierror, rc, "[Errno %d] %s", rc,
                              gai_strerror(rc)));
}

/* ---- the coroutine ------------------------------------------------------ */

typedef struct gai_frame {
    ac_frame hdr;
    ac_addrinfo *ac_result;
    resolve_job *job;
    void *aw;
} gai_frame;

static void gai_drop(ac_frame *f)
{
    gai_frame *fr = (gai_frame *)f;
    ac_decref(fr->aw);
    fr->aw = NULL;
    job_release(fr->job);
    fr->job = NULL;
}

static ac_addrinfo *addrinfo_take(resolve_job *job)
{
    ac_addrinfo *ai = ac__zalloc(sizeof *ai);
    if (ai == NULL) {
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    ac__object_init(&ai->ob, &addrinfo_type);
    ai->list = job->list;
    job->list = NULL;
    return ai;
}

static int gai_resume(ac_frame *f)
{
    gai_frame *fr = (gai_frame *)f;
    int r;
    if (f->state == 1)
        goto s1;
    atomic_store(&fr->job->refs, 2);
    fr->aw = ac_run_in_executor(resolve_in_thread, fr->job);
    if (fr->aw == NULL) {
        atomic_store(&fr->job->refs, 1); /* the thread never got it */
        goto fail;
    }
    AC__AWAIT(f, &fr->aw, 1, NULL, 0, r);
    if (r < 0)
        goto fail;
    if (fr->job->rc != 0) {
        ac__raise_gaierror(fr->job->rc, fr->job->sys_errno);
        goto fail;
    }
    fr->ac_result = addrinfo_take(fr->job);
    if (fr->ac_result == NULL)
        goto fail;
    gai_drop(f);
    return AC_RETURNED;
fail:
    gai_drop(f);
    return AC_RAISED;
}

AC__CORO_CODE(gai_code, "ac_getaddrinfo", gai_frame, gai_resume, gai_drop);

void *ac_getaddrinfo(const char *host, const char *port, int family,
                     int socktype)
{
    gai_frame *fr = (gai_frame *)ac__frame_new(&gai_code);
    if (fr == NULL)
        return NULL;
    bool failed = false;
    fr->job = ac__zalloc(sizeof *fr->job);
    if (fr->job != NULL) {
        atomic_init(&fr->job->refs, 1);
        fr->job->host = dup_or_null(host, &failed);
        fr->job->port = dup_or_null(port, &failed);
        fr->job->hints.ai_family = family;
        fr->job->hints.ai_socktype = socktype;
    }
    if (fr->job == NULL || failed) {
        ac_decref(fr);
        ac_err_format(&ac_MemoryError, NULL);
        return NULL;
    }
    return fr;
}

/* ---- how Python shows an address ---------------------------------------- */

/* inet_ntop's dotted quad, by hand: glibc's goes through sprintf, ten
 * times the cost, and every refused connect of a port scan words one. */
static void ipv4_text(const struct in_addr *a, char *out, size_t cap)
{
    const unsigned char *b = (const unsigned char *)&a->s_addr;
    char text[INET_ADDRSTRLEN];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        if (i > 0)
            text[n++] = '.';
        n += ac__put_decimal(text + n, b[i]);
    }
    text[n] = '\0';
    if (cap > n)
        memcpy(out, text, n + 1);
}

void ac__sockaddr_host(const ac_sockaddr *sa, char *host, size_t cap, int *port)
{
    const struct sockaddr_in *v4 = (const struct sockaddr_in *)&sa->ss;
    const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&sa->ss;
    if (host != NULL)
        host[0] = '\0';
    *port = 0;
    if (sa->ss.ss_family == AF_INET) {
        if (host != NULL)
            ipv4_text(&v4->sin_addr, host, cap);
        *port = ntohs(v4->sin_port);
    } else if (sa->ss.ss_family == AF_INET6) {
        if (host != NULL)
            inet_ntop(AF_INET6, &v6->sin6_addr, host, (socklen_t)cap);
        *port = ntohs(v6->sin6_port);
    }
}

void ac__sockaddr_repr(const ac_sockaddr *sa, const char *shown, char *out,
                       size_t cap)
{
    char host[INET6_ADDRSTRLEN];
    int port;
    ac__sockaddr_host(sa, shown ? NULL : host, sizeof host, &port);
    if (shown == NULL)
        shown = host;
    size_t len = strlen(shown);
    if (sa->ss.ss_family == AF_INET && len + 16 <= cap) {
        /* "('%s', %d)" by hand: see core/text.h */
        char *p = out;
        p += ac__put_str(p, "('");
        memcpy(p, shown, len);
        p += len;
        p += ac__put_str(p, "', ");
        p += ac__put_decimal(p, (unsigned long)port);
        *p++ = ')';
        *p = '\0';
    } else if (sa->ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&sa->ss;
        snprintf(out, cap, "('%s', %d, %u, %u)", shown, port,
                 (unsigned)ntohl(v6->sin6_flowinfo),
                 (unsigned)v6->sin6_scope_id);
    } else {
        snprintf(out, cap, "('%s', %d)", shown, port);
    }
}

void ac__port_str(int port, char *out, size_t cap)
{
    snprintf(out, cap, "%d", port);
}
