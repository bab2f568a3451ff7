/* source.h - a source file in memory, and diagnostics that point into it. */
#ifndef AC_SOURCE_H
#define AC_SOURCE_H

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

/* Where a piece of the text every stage reads comes from, when macros
 * were expanded in it (frontend/macro.c): the bytes from at to the next
 * piece's at are the original's from orig on, or, for an expansion, stand
 * for the invocation starting at orig. */
typedef struct ac_source_piece {
    uint32_t at, orig;
    int expansion;
} ac_source_piece;

typedef struct ac_source {
    char *path; /* as named on the command line or found by #include */
    /* The text every stage reads, NUL-terminated: the original bytes, or
     * those with macros expanded in resumable bodies. */
    char *text;
    size_t len;
    /* The original, for positions and the lines diagnostics show: orig
     * is NULL while text is the original. */
    char *orig;
    size_t orig_len;
    ac_source_piece *pieces; /* sorted by at; the first at 0 */
    size_t npieces;
    uint32_t *line_starts; /* of the original's lines */
    size_t nlines;
} ac_source;

/* The largest source (or included .ah) the translator reads: 64 MiB.
 * Reading stops there (so /dev/zero or an endless pipe ends with an
 * error, not with the memory exhausted); docs/BUILDING.md documents it. */
#define AC_MAX_SOURCE_BYTES ((size_t)64 << 20)
#define AC_MAX_SOURCE_TEXT "64 MiB"

/* Reads path ("-" = stdin).  Returns NULL with errno set on I/O errors
 * (EFBIG: larger than AC_MAX_SOURCE_BYTES). */
ac_source *ac_source_read(const char *path);
ac_source *ac_source_from_string(const char *path, const char *text,
                                 size_t len);
void ac_source_free(ac_source *s);
/* Makes text (len bytes, NUL-terminated, taken over) the text of s,
 * keeping the original for positions; pieces (taken over) map it back. */
void ac_source_set_text(ac_source *s, char *text, size_t len,
                        ac_source_piece *pieces, size_t npieces);
/* The offset in the original of offset in s->text: an expansion's bytes
 * give the invocation's start. */
uint32_t ac_source_orig_offset(const ac_source *s, uint32_t offset);
/* 1-based line and byte column of offset (in s->text) in the original
 * file, as GCC. */
void ac_source_position(const ac_source *s, uint32_t offset, int *line,
                        int *col);

/* Diagnostics: "file:line:col: error: message", then the source line and a
 * caret under the column. */
typedef struct ac_diag {
    FILE *out; /* stderr usually; NULL = count only */
    int errors;
    int warnings;
} ac_diag;

void ac_diag_init(ac_diag *d, FILE *out);
void ac_diag_error(ac_diag *d, const ac_source *s, uint32_t offset,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ac_diag_warning(ac_diag *d, const ac_source *s, uint32_t offset,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
