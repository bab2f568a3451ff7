/* main.c - the asyncc command line.
 *
 *   asyncc [options] input.ac [-o output.c]
 *
 * Exit status: 0 on success, 1 when diagnostics were reported, 2 on usage
 * or I/O errors.  Outputs are written to temporary files beside their
 * destination and renamed into place only once everything succeeded, so a
 * failed run never touches an existing output. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "codegen/deep_stack.h"
#include "frontend/buf.h"
#include "frontend/unit.h"

enum { AC_EXIT_OK = 0, AC_EXIT_DIAG = 1, AC_EXIT_USAGE = 2, AC_EXIT_IO = 2 };

typedef struct ac_cli {
    const char *input;
    const char *output; /* NULL or "-": stdout */
    const char *depfile;
    bool md;
    ac_emit_opts emit;
    const char **include_dirs;
    size_t ninclude_dirs;
} ac_cli;

static const char ac_usage[] =
    "usage: asyncc [options] input.ac [-o output.c]\n"
    "\n"
    "Translates annotated C (.ac sources, .ah headers) into plain C99.\n"
    "'-' names stdin as the input and stdout as the output (the default).\n"
    "\n"
    "options:\n"
    "  -o FILE        write the output to FILE (default: stdout)\n"
    "  -I DIR, -IDIR  also look for #include \"x.ah\" headers in DIR\n"
    "                 (after the including file's directory)\n"
    "  --emit=c       emit C (the default)\n"
    "  --emit=json    emit the lowering as JSON: functions, kinds, frame\n"
    "                 fields, states and try regions (\"version\": 1; schema:\n"
    "                 asyncc-lowering.schema.json in the documentation)\n"
    "  --emit=dot     emit the state machines as one Graphviz graph, a\n"
    "                 cluster per function (dot -Tpng x.dot -o x.png)\n"
    "  --no-line      do not emit #line directives\n"
    "  -MD            write a Make depfile (\"OUTPUT: INPUT HEADERS...\") to\n"
    "                 OUTPUT.d, or to the -MF file; needs -o\n"
    "  -MF FILE       write the depfile to FILE (implies -MD)\n"
    "  --version      print the version and exit\n"
    "  --help         print this help and exit\n"
    "\n"
    "exit status: 0 success, 1 translation errors, 2 usage or I/O errors.\n"
    "On any error no output file is created or changed.\n";

static int ac_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int ac_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("asyncc: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'asyncc --help' for more information.\n", stderr);
    return AC_EXIT_USAGE;
}

static int ac_io_error(const char *what, const char *path)
{
    fprintf(stderr, "asyncc: error: %s '%s': %s\n", what, path,
            strerror(errno));
    return AC_EXIT_IO;
}

/* The value of an option given as "-XVALUE" or "-X VALUE". */
static const char *ac_opt_value(int argc, char **argv, int *i, size_t skip)
{
    if (argv[*i][skip] != '\0')
        return argv[*i] + skip;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int ac_parse_emit(ac_cli *cli, const char *kind)
{
    if (strcmp(kind, "c") == 0)
        cli->emit.kind = AC_EMIT_C;
    else if (strcmp(kind, "json") == 0)
        cli->emit.kind = AC_EMIT_JSON;
    else if (strcmp(kind, "dot") == 0)
        cli->emit.kind = AC_EMIT_DOT;
    else
        return ac_usage_error("unknown --emit kind '%s' (c, json or dot)",
                              kind);
    return AC_EXIT_OK;
}

/* Parses one option at argv[*i]; returns AC_EXIT_OK or an exit status
 * (-1 for "done, exit 0": --help and --version). */
static int ac_parse_option(ac_cli *cli, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    if (strcmp(a, "--help") == 0) {
        fputs(ac_usage, stdout);
        return -1;
    }
    if (strcmp(a, "--version") == 0) {
        printf("asyncc " ASYNCC_VERSION "\n");
        return -1;
    }
    if (strcmp(a, "--no-line") == 0) {
        cli->emit.line_directives = false;
    } else if (strncmp(a, "--emit=", 7) == 0) {
        return ac_parse_emit(cli, a + 7);
    } else if (strcmp(a, "-MD") == 0) {
        cli->md = true;
    } else if (strncmp(a, "-MF", 3) == 0) {
        if ((v = ac_opt_value(argc, argv, i, 3)) == NULL)
            return ac_usage_error("missing file name after '-MF'");
        cli->depfile = v;
        cli->md = true;
    } else if (strncmp(a, "-o", 2) == 0) {
        if ((v = ac_opt_value(argc, argv, i, 2)) == NULL)
            return ac_usage_error("missing file name after '-o'");
        if (cli->output)
            return ac_usage_error("more than one output file");
        cli->output = v;
    } else if (strncmp(a, "-I", 2) == 0) {
        if ((v = ac_opt_value(argc, argv, i, 2)) == NULL)
            return ac_usage_error("missing directory after '-I'");
        cli->include_dirs[cli->ninclude_dirs++] = v;
    } else {
        return ac_usage_error("unknown option '%s'", a);
    }
    return AC_EXIT_OK;
}

static int ac_parse_args(ac_cli *cli, int argc, char **argv)
{
    bool options_done = false;
    cli->emit.kind = AC_EMIT_C;
    cli->emit.line_directives = true;
    cli->include_dirs = ac_xcalloc((size_t)argc, sizeof *cli->include_dirs);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
        } else if (!options_done && a[0] == '-' && a[1] != '\0') {
            int rc = ac_parse_option(cli, argc, argv, &i);
            if (rc != AC_EXIT_OK)
                return rc;
        } else if (cli->input) {
            return ac_usage_error("more than one input file ('%s', '%s')",
                                  cli->input, a);
        } else {
            cli->input = a;
        }
    }
    if (cli->input == NULL)
        return ac_usage_error("no input file");
    if (cli->output && strcmp(cli->output, "-") == 0)
        cli->output = NULL;
    if (cli->md && cli->output == NULL)
        return ac_usage_error("-MD and -MF need an output file (-o FILE)");
    return AC_EXIT_OK;
}

/* ---- output ------------------------------------------------------------- */

/* A file being written beside its destination, or (a device, a FIFO)
 * straight into it. */
typedef struct ac_pending {
    const char *dest;
    char *tmp;
    char *target; /* dest is a symbolic link: the file it names */
    bool direct;
} ac_pending;

/* The path a symbolic link names, relative to the link's directory. */
static char *ac_link_target(const char *link)
{
    char buf[PATH_MAX];
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = 0;
    const char *slash = strrchr(link, '/');
    ac_buf b;
    ac_buf_init(&b);
    if (buf[0] != '/' && slash)
        ac_buf_add(&b, link, (size_t)(slash - link) + 1);
    ac_buf_puts(&b, buf);
    return ac_buf_steal(&b);
}

/* Where the output goes: a regular file (or a new one) is replaced by a
 * rename, which never leaves it half written; anything else (/dev/null, a
 * FIFO, a terminal) is written in place, since a rename would replace the
 * device itself; a symbolic link keeps pointing at the file it names. */
static void ac_resolve_dest(ac_pending *p)
{
    struct stat st;
    if (lstat(p->dest, &st) != 0)
        return;
    if (S_ISLNK(st.st_mode)) {
        p->target = realpath(p->dest, NULL);
        if (p->target == NULL) /* a dangling link: create what it names */
            p->target = ac_link_target(p->dest);
        if (p->target && stat(p->target, &st) == 0 && !S_ISREG(st.st_mode))
            p->direct = true;
        if (p->target)
            p->dest = p->target;
        return;
    }
    p->direct = !S_ISREG(st.st_mode);
}

static int ac_write_all(int fd, const char *data, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

static int ac_write_direct(ac_pending *p, const char *data, size_t len)
{
    int fd = open(p->dest, O_WRONLY | O_TRUNC);
    if (fd < 0)
        return -1;
    int rc = ac_write_all(fd, data, len);
    int saved = errno;
    if (close(fd) != 0 && rc == 0)
        return -1;
    errno = saved;
    return rc;
}

/* Writes data to a new temporary file beside p->dest.  Returns 0, or -1
 * with errno set (and no temporary file left). */
static int ac_write_tmp(ac_pending *p, const char *data, size_t len)
{
    ac_resolve_dest(p);
    if (p->direct)
        return ac_write_direct(p, data, len);
    ac_buf name;
    ac_buf_init(&name);
    ac_buf_printf(&name, "%s.tmpXXXXXX", p->dest);
    p->tmp = ac_buf_steal(&name);
    int fd = mkstemp(p->tmp);
    if (fd < 0) {
        free(p->tmp);
        p->tmp = NULL;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    int rc = fchmod(fd, 0666 & ~mask);
    if (rc == 0)
        rc = ac_write_all(fd, data, len);
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0) {
        unlink(p->tmp);
        free(p->tmp);
        p->tmp = NULL;
        errno = saved;
    }
    return rc;
}

static void ac_discard(ac_pending *p)
{
    free(p->target);
    p->target = NULL;
    if (p->tmp) {
        unlink(p->tmp);
        free(p->tmp);
        p->tmp = NULL;
    }
}

static int ac_commit(ac_pending *p)
{
    if (p->direct)
        return 0;
    int rc = rename(p->tmp, p->dest);
    if (rc != 0) {
        int saved = errno;
        unlink(p->tmp);
        errno = saved;
    }
    free(p->tmp);
    p->tmp = NULL;
    return rc;
}

/* Appends path to a depfile, escaped for Make. */
static void ac_dep_path(ac_buf *b, const char *path)
{
    for (const char *s = path; *s; s++) {
        if (*s == ' ' || *s == '#' || *s == '\\')
            ac_buf_putc(b, '\\');
        else if (*s == '$')
            ac_buf_putc(b, '$');
        ac_buf_putc(b, *s);
    }
}

static void ac_depfile_text(ac_buf *b, const ac_cli *cli, const ac_unit *u)
{
    const char **paths;
    size_t n = ac_unit_files(u, &paths);
    ac_dep_path(b, cli->output);
    ac_buf_putc(b, ':');
    for (size_t i = 0; i < n; i++) {
        if (strcmp(paths[i], "<stdin>") == 0)
            continue;
        ac_buf_putc(b, ' ');
        ac_dep_path(b, paths[i]);
    }
    ac_buf_putc(b, '\n');
    free(paths);
}

static int ac_write_stdout(const ac_buf *out)
{
    if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) {
        return ac_io_error("cannot write to", "<stdout>");
    }
    if (fflush(stdout) != 0)
        return ac_io_error("cannot write to", "<stdout>");
    return AC_EXIT_OK;
}

/* Writes the output and the depfile: both temporary files first, then
 * both renames. */
static int ac_write_outputs(const ac_cli *cli, const ac_unit *u,
                            const ac_buf *out)
{
    if (cli->output == NULL)
        return ac_write_stdout(out);
    ac_buf dep_name, dep;
    ac_buf_init(&dep_name);
    ac_buf_init(&dep);
    ac_pending po = {cli->output, NULL, NULL, false};
    ac_pending pd = {NULL, NULL, NULL, false};
    int rc = AC_EXIT_OK;
    if (cli->md) {
        if (cli->depfile)
            ac_buf_puts(&dep_name, cli->depfile);
        else
            ac_buf_printf(&dep_name, "%s.d", cli->output);
        pd.dest = dep_name.data;
        ac_depfile_text(&dep, cli, u);
    }
    if (ac_write_tmp(&po, out->data ? out->data : "", out->len) != 0)
        rc = ac_io_error("cannot write", po.dest);
    else if (pd.dest && ac_write_tmp(&pd, dep.data, dep.len) != 0)
        rc = ac_io_error("cannot write", pd.dest);
    else if (ac_commit(&po) != 0)
        rc = ac_io_error("cannot write", po.dest);
    else if (pd.dest && ac_commit(&pd) != 0)
        rc = ac_io_error("cannot write", pd.dest);
    ac_discard(&po);
    ac_discard(&pd);
    ac_buf_free(&dep_name);
    ac_buf_free(&dep);
    return rc;
}

/* ---- main --------------------------------------------------------------- */

/* Whether the output would overwrite the input (same file, any name). */
static bool ac_output_is_input(const ac_cli *cli)
{
    struct stat in, out;
    return cli->output && strcmp(cli->output, "-") != 0 &&
           strcmp(cli->input, "-") != 0 && stat(cli->input, &in) == 0 &&
           stat(cli->output, &out) == 0 && in.st_dev == out.st_dev &&
           in.st_ino == out.st_ino && S_ISREG(in.st_mode);
}

static int ac_run_cli(ac_cli *cli)
{
    if (ac_output_is_input(cli)) {
        fprintf(stderr, "asyncc: error: the output '%s' is the input file\n",
                cli->output);
        return AC_EXIT_IO;
    }
    ac_diag d;
    ac_diag_init(&d, stderr);
    ac_unit_opts opts = {cli->include_dirs, cli->ninclude_dirs};
    errno = 0;
    ac_unit *u = ac_unit_load(cli->input, &opts, &d);
    if (u == NULL) {
        if (d.errors > 0)
            return AC_EXIT_DIAG;
        if (errno == EFBIG) {
            fprintf(stderr,
                    "asyncc: error: cannot read '%s': larger than the limit "
                    "of %s for a source\n",
                    strcmp(cli->input, "-") ? cli->input : "<stdin>",
                    AC_MAX_SOURCE_TEXT);
            return AC_EXIT_IO;
        }
        return ac_io_error("cannot read",
                           strcmp(cli->input, "-") ? cli->input : "<stdin>");
    }
    ac_buf out;
    ac_buf_init(&out);
    /* the translator's own code maps to the output's own lines */
    cli->emit.out_name = cli->output;
    int rc = ac_translate(u, &cli->emit, &out, &d) != 0 || d.errors > 0
                 ? AC_EXIT_DIAG
                 : ac_write_outputs(cli, u, &out);
    ac_buf_free(&out);
    ac_unit_free(u);
    return rc;
}

static int run_cli(void *cli)
{
    return ac_run_cli(cli);
}

int main(int argc, char **argv)
{
    ac_cli cli = {0};
    int rc = ac_parse_args(&cli, argc, argv);
    if (rc == AC_EXIT_OK)
        rc = ac_call_on_deep_stack(run_cli, &cli);
    else if (rc < 0)
        rc = fflush(stdout) == 0 ? AC_EXIT_OK : AC_EXIT_IO;
    free(cli.include_dirs);
    return rc;
}
