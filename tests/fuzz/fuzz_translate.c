/* fuzz_translate.c - libFuzzer harness over the whole translator: the
 * front end (read, pre-pass, macros, tree-sitter parse, annotations), the
 * lowering and the three emitters (C, JSON, DOT).
 *
 * Each input is written to an in-memory file (memfd) and read back through
 * ac_unit_load("/dev/fd/N"), the path the asyncc command takes, so NUL
 * bytes, CR line ends and the rest reach the translator as they would from
 * a file.  Diagnostics are counted, not printed (ac_diag with out = NULL).
 * Any crash, sanitizer report, leak or hang is a bug: the input that made it
 * goes to tests/fuzz/regressions/ (see docs/BUILDING.md, "Fuzzing").
 *
 * Build: cmake -DASYNCC_FUZZ=ON -DCMAKE_C_COMPILER=clang; run: tests/fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "codegen/deep_stack.h"
#include "frontend/buf.h"
#include "frontend/source.h"
#include "frontend/unit.h"

static int fuzz_fd = -1;
static char fuzz_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_fd = memfd_create("fuzz.ac", 0);
    if (fuzz_fd < 0) {
        perror("memfd_create");
        abort();
    }
    snprintf(fuzz_path, sizeof fuzz_path, "/dev/fd/%d", fuzz_fd);
    return 0;
}

static void fuzz_emit(const ac_unit *u, ac_emit_kind kind, int line_directives)
{
    ac_diag d;
    ac_diag_init(&d, NULL);
    ac_emit_opts opts = {0};
    opts.kind = kind;
    opts.line_directives = line_directives != 0;
    opts.out_name = "fuzz.c";
    ac_buf out;
    ac_buf_init(&out);
    (void)ac_translate(u, &opts, &out, &d);
    ac_buf_free(&out);
}

typedef struct input {
    const uint8_t *data;
    size_t size;
} input;

static int translate_input(void *p);

/* On the stack the asyncc command runs on (codegen/deep_stack.h), so that
 * input nested up to the limit is fuzzed as the command translates it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    return ac_call_on_deep_stack(translate_input, &in);
}

static int translate_input(void *p)
{
    const uint8_t *data = ((input *)p)->data;
    size_t size = ((input *)p)->size;
    if (ftruncate(fuzz_fd, 0) != 0 ||
        pwrite(fuzz_fd, data, size, 0) != (ssize_t)size) {
        perror("memfd write");
        abort();
    }
    ac_diag d;
    ac_diag_init(&d, NULL);
    ac_unit_opts uopts = {0};
    ac_unit *u = ac_unit_load(fuzz_path, &uopts, &d);
    if (u == NULL)
        return 0;
    /* #line directives on or off, by a bit of the input (the first
     * byte's low bit), so both paths of the C emitter are covered. */
    fuzz_emit(u, AC_EMIT_C, size == 0 || (data[0] & 1) == 0);
    fuzz_emit(u, AC_EMIT_JSON, 1);
    fuzz_emit(u, AC_EMIT_DOT, 1);
    ac_unit_free(u);
    return 0;
}
