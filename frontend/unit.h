/* unit.h - a translation unit: source, pre-pass, tree-sitter tree, and the
 * annotated headers (.ah) it includes. */
#ifndef AC_UNIT_H
#define AC_UNIT_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "frontend/prepass.h"

typedef struct ac_unit ac_unit;
struct ac_unit {
    ac_source *src;
    ac_prepass pp;
    TSTree *tree; /* parse of pp.masked */
    TSNode root;
    /* the .ah files named by #include "x.ah"; each file is read once, and
     * an include cycle adds no edge, so these never form a cycle */
    ac_unit **includes;
    size_t nincludes;
    bool is_header; /* an .ah file */
    /* The unit ac_unit_load returned owns every unit read for it, itself
     * first (includes point into this list); NULL in the others. */
    ac_unit **loaded;
    size_t nloaded;
};

typedef struct ac_unit_opts {
    const char *const *include_dirs; /* -I, searched after the file's dir */
    size_t ninclude_dirs;
} ac_unit_opts;

/* Reads, pre-passes and parses path ("-" = stdin), and the .ah files it
 * includes (recursively, each once).  Syntax errors (ERROR/MISSING nodes)
 * are reported as "file:line:col: error: ...".  Returns NULL when any
 * error was reported (d->errors > 0) or the file cannot be read (then
 * errno is set and nothing is reported). */
ac_unit *ac_unit_load(const char *path, const ac_unit_opts *opts, ac_diag *d);
ac_unit *ac_unit_from_string(const char *path, const char *text,
                             const ac_unit_opts *opts, ac_diag *d);
void ac_unit_free(ac_unit *u);

/* Every file the unit read (itself first), for -MD depfiles.  *paths is
 * a new array (the caller frees it, not the strings). */
size_t ac_unit_files(const ac_unit *u, const char ***paths);

/* Node helpers over the original text. */
const char *ac_node_text(const ac_unit *u, TSNode n, size_t *len);
const ac_kw *ac_unit_kw_at(const ac_unit *u, uint32_t start);

#endif
