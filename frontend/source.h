/* source.h - a source file in memory, and diagnostics that point into it. */
#ifndef AC_SOURCE_H
#define AC_SOURCE_H

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

typedef struct ac_source {
    char *path; /* as named on the command line or found by #include */
    char *text; /* the original bytes, NUL-terminated */
    size_t len;
    uint32_t *line_starts; /* byte offset of the start of each line */
    size_t nlines;
} ac_source;

/* Reads path ("-" = stdin).  Returns NULL with errno set on I/O errors. */
ac_source *ac_source_read(const char *path);
ac_source *ac_source_from_string(const char *path, const char *text,
                                 size_t len);
void ac_source_free(ac_source *s);
/* 1-based line and byte column of offset, as GCC. */
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
