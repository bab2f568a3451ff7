/* source.c - source files in memory and GCC-style diagnostics. */
#include "frontend/source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/buf.h"

/* Past this many errors the rest are counted but not printed: a file of
 * random bytes should not bury the first, useful, diagnostics. */
#define AC_DIAG_MAX_PRINTED 50
/* Source lines longer than this are shown as a window around the column. */
#define AC_DIAG_LINE_WINDOW 160

static void ac_source_index_lines(ac_source *s)
{
    size_t cap = 64;
    s->line_starts = ac_xmalloc(cap * sizeof *s->line_starts);
    s->nlines = 0;
    s->line_starts[s->nlines++] = 0;
    for (size_t i = 0; i < s->len; i++) {
        if (s->text[i] != '\n')
            continue;
        if (s->nlines == cap) {
            cap *= 2;
            s->line_starts =
                ac_xrealloc(s->line_starts, cap * sizeof *s->line_starts);
        }
        s->line_starts[s->nlines++] = (uint32_t)(i + 1);
    }
}

ac_source *ac_source_from_string(const char *path, const char *text, size_t len)
{
    ac_source *s = ac_xcalloc(1, sizeof *s);
    s->path = ac_xstrndup(path, strlen(path));
    s->text = ac_xstrndup(text, len);
    s->len = len;
    ac_source_index_lines(s);
    return s;
}

/* Reads all of f into b.  Returns 0, or -1 with errno set (EFBIG past
 * AC_MAX_SOURCE_BYTES: checked while reading). */
static int ac_read_all(FILE *f, ac_buf *b)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->len + n > AC_MAX_SOURCE_BYTES) {
            errno = EFBIG;
            return -1;
        }
        ac_buf_add(b, chunk, n);
    }
    if (ferror(f)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

ac_source *ac_source_read(const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return NULL;
    ac_buf b;
    ac_buf_init(&b);
    errno = 0;
    int rc = ac_read_all(f, &b);
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (rc < 0) {
        ac_buf_free(&b);
        errno = saved;
        return NULL;
    }
    ac_source *s = ac_source_from_string(is_stdin ? "<stdin>" : path,
                                         b.data ? b.data : "", b.len);
    ac_buf_free(&b);
    return s;
}

void ac_source_free(ac_source *s)
{
    if (s == NULL)
        return;
    free(s->path);
    free(s->text);
    free(s->orig);
    free(s->pieces);
    free(s->line_starts);
    free(s);
}

/* The index of the line holding offset (binary search). */
static size_t ac_source_line_index(const ac_source *s, uint32_t offset)
{
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void ac_source_set_text(ac_source *s, char *text, size_t len,
                        ac_source_piece *pieces, size_t npieces)
{
    if (s->orig == NULL) {
        s->orig = s->text;
        s->orig_len = s->len;
    } else {
        free(s->text);
        free(s->pieces);
    }
    s->text = text;
    s->len = len;
    s->pieces = pieces;
    s->npieces = npieces;
}

uint32_t ac_source_orig_offset(const ac_source *s, uint32_t offset)
{
    if (offset > s->len)
        offset = (uint32_t)s->len;
    if (s->orig == NULL)
        return offset;
    size_t lo = 0, hi = s->npieces; /* the last piece at or before offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->pieces[mid].at <= offset)
            lo = mid;
        else
            hi = mid;
    }
    const ac_source_piece *p = &s->pieces[lo];
    uint32_t orig = p->expansion ? p->orig : p->orig + (offset - p->at);
    return orig > s->orig_len ? (uint32_t)s->orig_len : orig;
}

/* The original bytes and their length. */
static const char *ac_source_orig(const ac_source *s, size_t *len)
{
    *len = s->orig ? s->orig_len : s->len;
    return s->orig ? s->orig : s->text;
}

void ac_source_position(const ac_source *s, uint32_t offset, int *line,
                        int *col)
{
    offset = ac_source_orig_offset(s, offset);
    size_t li = ac_source_line_index(s, offset);
    *line = (int)li + 1;
    *col = (int)(offset - s->line_starts[li]) + 1;
}

void ac_diag_init(ac_diag *d, FILE *out)
{
    d->out = out;
    d->errors = 0;
    d->warnings = 0;
}

/* Shows a source byte: control characters (NUL included) would garble a
 * terminal, so they print as '?'; tabs stay for the caret to line up. */
static int ac_diag_shown(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f ? '?' : c;
}

/* Prints the line holding offset and a caret under its column. */
static void ac_diag_show_line(FILE *out, const ac_source *s, uint32_t offset)
{
    size_t len;
    const char *text = ac_source_orig(s, &len);
    offset = ac_source_orig_offset(s, offset);
    size_t li = ac_source_line_index(s, offset);
    size_t start = s->line_starts[li];
    size_t end = start;
    while (end < len && text[end] != '\n')
        end++;
    if (end > start && text[end - 1] == '\r') /* CRLF: not shown */
        end--;
    size_t from = start, to = end;
    const char *lead = "", *trail = "";
    if (offset - from > AC_DIAG_LINE_WINDOW / 2) {
        from = offset - AC_DIAG_LINE_WINDOW / 2;
        lead = "...";
    }
    if (to < from)
        to = from;
    if (to - from > AC_DIAG_LINE_WINDOW) {
        to = from + AC_DIAG_LINE_WINDOW;
        trail = "...";
    }
    fprintf(out, "%5zu | %s", li + 1, lead);
    for (size_t i = from; i < to; i++)
        fputc(ac_diag_shown((unsigned char)text[i]), out);
    fprintf(out, "%s\n      | %*s", trail, (int)strlen(lead), "");
    for (size_t i = from; i < offset && i < to; i++)
        fputc(text[i] == '\t' ? '\t' : ' ', out);
    fputs("^\n", out);
}

static void ac_diag_emit(ac_diag *d, int count, const char *what,
                         const ac_source *s, uint32_t offset, const char *fmt,
                         va_list ap)
{
    if (d->out == NULL)
        return;
    if (count > AC_DIAG_MAX_PRINTED) {
        if (count == AC_DIAG_MAX_PRINTED + 1)
            fprintf(d->out, "%s: note: too many %ss, not showing the rest\n",
                    s->path, what);
        return;
    }
    int line, col;
    ac_source_position(s, offset, &line, &col);
    fprintf(d->out, "%s:%d:%d: %s: ", s->path, line, col, what);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    ac_diag_show_line(d->out, s, offset);
}

void ac_diag_error(ac_diag *d, const ac_source *s, uint32_t offset,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ac_diag_emit(d, ++d->errors, "error", s, offset, fmt, ap);
    va_end(ap);
}

void ac_diag_warning(ac_diag *d, const ac_source *s, uint32_t offset,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ac_diag_emit(d, ++d->warnings, "warning", s, offset, fmt, ap);
    va_end(ap);
}
