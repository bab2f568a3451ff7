/* tr_front_source.c - CUnit tests of the translator's byte buffer, source
 * files and GCC-style diagnostics. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit_suite.h"
#include "frontend/buf.h"
#include "frontend/source.h"

static void test_buf(void)
{
    ac_buf b;
    ac_buf_init(&b);
    ac_buf_puts(&b, "ab");
    ac_buf_putc(&b, 'c');
    ac_buf_add(&b, "d\0e", 3);
    ac_buf_printf(&b, "-%d-%s", 42, "x");
    CU_ASSERT_EQUAL(b.len, 11);
    CU_ASSERT_EQUAL(memcmp(b.data, "abcd\0e-42-x", 11), 0);
    CU_ASSERT_EQUAL(b.data[b.len], '\0');
    for (int i = 0; i < 10000; i++)
        ac_buf_putc(&b, 'z');
    CU_ASSERT_EQUAL(b.len, 10011);
    char *s = ac_buf_steal(&b);
    CU_ASSERT_EQUAL(s[10010], 'z');
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_EQUAL(b.len, 0);
    free(s);
    s = ac_buf_steal(&b); /* an empty buffer gives an empty string */
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);
    ac_buf_free(&b);
}

static void test_positions(void)
{
    const char *text = "ab\n\tcd\n\nx";
    ac_source *s = ac_source_from_string("p.ac", text, strlen(text));
    CU_ASSERT_EQUAL(s->nlines, 4);
    int line, col;
    static const struct {
        uint32_t off;
        int line, col;
    } cases[] = {{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 2, 2}, {6, 2, 4},
                 {7, 3, 1}, {8, 4, 1}, {9, 4, 2}, {99, 4, 2}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ac_source_position(s, cases[i].off, &line, &col);
        CU_ASSERT_EQUAL(line, cases[i].line);
        CU_ASSERT_EQUAL(col, cases[i].col);
    }
    ac_source_free(s);
}

/* Runs one error at offset over text; returns what was printed. */
static char *diag_text(const char *text, size_t len, uint32_t offset)
{
    ac_source *s = ac_source_from_string("d.ac", text, len);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    ac_diag d;
    ac_diag_init(&d, f);
    ac_diag_error(&d, s, offset, "bad %s", "thing");
    CU_ASSERT_EQUAL(d.errors, 1);
    fclose(f);
    ac_source_free(s);
    return out;
}

static void test_diag_format(void)
{
    char *out = diag_text("int x;\n  yield y;\n", 18, 9);
    CU_ASSERT_STRING_EQUAL(out, "d.ac:2:3: error: bad thing\n"
                                "    2 |   yield y;\n"
                                "      |   ^\n");
    free(out);
    /* tabs are kept on the caret line so the caret lines up */
    out = diag_text("\tx\t= 1;\n", 8, 3);
    CU_ASSERT_STRING_EQUAL(out, "d.ac:1:4: error: bad thing\n"
                                "    1 | \tx\t= 1;\n"
                                "      | \t \t^\n");
    free(out);
    /* CRLF: the CR is not shown; an error at the end of the file */
    out = diag_text("a;\r\nb", 5, 5);
    CU_ASSERT_STRING_EQUAL(out, "d.ac:2:2: error: bad thing\n"
                                "    2 | b\n"
                                "      |  ^\n");
    free(out);
    /* a lone CR is no line end: shown as '?', the caret past it */
    out = diag_text("ab\rcd\n", 6, 4);
    CU_ASSERT_STRING_EQUAL(out, "d.ac:1:5: error: bad thing\n"
                                "    1 | ab?cd\n"
                                "      |     ^\n");
    free(out);
    /* ... also far into a long line */
    char text[400];
    memset(text, 'x', sizeof text);
    text[10] = '\r';
    out = diag_text(text, sizeof text, 300);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "d.ac:1:301: error"));
    free(out);
}

static void test_diag_control_chars(void)
{
    char *out = diag_text("a\0b\x01;", 5, 2);
    CU_ASSERT_STRING_EQUAL(out, "d.ac:1:3: error: bad thing\n"
                                "    1 | a?b?;\n"
                                "      |   ^\n");
    free(out);
}

static void test_diag_long_line(void)
{
    size_t n = 100000;
    char *text = malloc(n + 1);
    memset(text, 'x', n);
    text[n] = '\0';
    char *out = diag_text(text, n, 50000);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "d.ac:1:50001: error: bad thing\n"));
    CU_ASSERT(strlen(out) < 500); /* a window, not the whole line */
    /* "    1 | ..." then 80 bytes before the offset: the caret follows
     * "      | ", three spaces under the "..." and 80 more */
    char *line = strchr(out, '\n') + 1;
    char *caret = strchr(line, '\n') + 1;
    CU_ASSERT_EQUAL(strncmp(line, "    1 | ...xxx", 14), 0);
    CU_ASSERT_EQUAL(strchr(caret, '^') - caret, 8 + 3 + 80);
    free(out);
    free(text);
}

static void test_diag_cap(void)
{
    ac_source *s = ac_source_from_string("c.ac", "x", 1);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    ac_diag d;
    ac_diag_init(&d, f);
    for (int i = 0; i < 1000; i++)
        ac_diag_error(&d, s, 0, "e%d", i);
    fclose(f);
    CU_ASSERT_EQUAL(d.errors, 1000);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "c.ac:1:1: error: e49\n"));
    CU_ASSERT_PTR_NULL(strstr(out, "error: e50\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "too many errors"));
    free(out);
    ac_source_free(s);
}

static void test_diag_count_only(void)
{
    ac_source *s = ac_source_from_string("c.ac", "x", 1);
    ac_diag d;
    ac_diag_init(&d, NULL);
    ac_diag_error(&d, s, 0, "quiet");
    ac_diag_warning(&d, s, 0, "quiet");
    CU_ASSERT_EQUAL(d.errors, 1);
    CU_ASSERT_EQUAL(d.warnings, 1);
    ac_source_free(s);
}

static void test_read(void)
{
    char path[] = "/tmp/tr_front_source.XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "a\0b\n", 4), 4);
    close(fd);
    ac_source *s = ac_source_read(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->len, 4);
    CU_ASSERT_EQUAL(memcmp(s->text, "a\0b\n", 5), 0);
    CU_ASSERT_STRING_EQUAL(s->path, path);
    CU_ASSERT_EQUAL(s->nlines, 2);
    ac_source_free(s);
    unlink(path);
    errno = 0;
    CU_ASSERT_PTR_NULL(ac_source_read(path));
    CU_ASSERT_EQUAL(errno, ENOENT);
    errno = 0;
    CU_ASSERT_PTR_NULL(ac_source_read("/"));
    CU_ASSERT_EQUAL(errno, EISDIR);
}

int main(void)
{
    static const test_case tests[] = {
        {"buffer", test_buf},
        {"positions", test_positions},
        {"diagnostic format", test_diag_format},
        {"control characters", test_diag_control_chars},
        {"long line", test_diag_long_line},
        {"error cap", test_diag_cap},
        {"count only", test_diag_count_only},
        {"read", test_read},
        {NULL, NULL}};
    return run_suite("front source", tests);
}
