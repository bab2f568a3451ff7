/* rt_stream_buf.c - the stream's byte buffer and the readline rules, with
 * no loop and no socket. */
#include <CUnit/Basic.h>
#include <string.h>

#include "io/stream_buf.h"

static void test_append_take_in_order(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    CU_ASSERT_EQUAL(ac__buf_append(&b, "hello ", 6), 0);
    CU_ASSERT_EQUAL(ac__buf_append(&b, "world", 5), 0);
    CU_ASSERT_EQUAL(ac__buf_len(&b), 11);
    char out[16] = {0};
    CU_ASSERT_EQUAL(ac__buf_take(&b, out, 4), 4);
    CU_ASSERT_NSTRING_EQUAL(out, "hell", 4);
    CU_ASSERT_EQUAL(ac__buf_take(&b, out, sizeof out), 7);
    CU_ASSERT_NSTRING_EQUAL(out, "o world", 7);
    CU_ASSERT_EQUAL(ac__buf_len(&b), 0);
    CU_ASSERT_EQUAL(ac__buf_take(&b, out, 3), 0);
    ac__buf_free(&b);
}

/* Many small appends and partial takes: every byte comes out once, in
 * order, while the buffer slides and grows underneath. */
static void test_grow_and_slide_keep_bytes(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    unsigned char next_in = 0, next_out = 0;
    size_t total_out = 0;
    for (int round = 0; round < 2000; round++) {
        unsigned char chunk[97];
        size_t n = (size_t)(round % 97) + 1;
        for (size_t i = 0; i < n; i++)
            chunk[i] = next_in++;
        CU_ASSERT_EQUAL_FATAL(ac__buf_append(&b, chunk, n), 0);
        unsigned char got[64];
        size_t m = ac__buf_take(&b, got, (size_t)(round % 64));
        for (size_t i = 0; i < m; i++)
            CU_ASSERT_EQUAL_FATAL(got[i], next_out++);
        total_out += m;
    }
    unsigned char rest[1 << 16];
    size_t m = ac__buf_take(&b, rest, sizeof rest);
    for (size_t i = 0; i < m; i++)
        CU_ASSERT_EQUAL_FATAL(rest[i], next_out++);
    CU_ASSERT_EQUAL(next_in, next_out);
    CU_ASSERT(total_out + m > 0);
    ac__buf_free(&b);
}

static void test_reserve_commit_direct_fill(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    CU_ASSERT_EQUAL(ac__buf_reserve(&b, 5000), 0);
    CU_ASSERT(b.cap - b.end >= 5000);
    memset(ac__buf_tail(&b), 'x', 5000);
    ac__buf_commit(&b, 5000);
    CU_ASSERT_EQUAL(ac__buf_len(&b), 5000);
    CU_ASSERT_EQUAL(ac__buf_data(&b)[4999], 'x');
    ac__buf_free(&b);
}

static void test_line_ready_and_need_more(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    size_t len = 0;
    ac__buf_append(&b, "abc", 3);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 100, 0, &len), AC_LINE_NEED_MORE);
    ac__buf_append(&b, "\ndef\n", 5);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 100, 0, &len), AC_LINE_READY);
    CU_ASSERT_EQUAL(len, 4);
    CU_ASSERT_NSTRING_EQUAL(ac__buf_data(&b), "abc\n", 4);
    ac__buf_consume(&b, len);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 100, 0, &len), AC_LINE_READY);
    CU_ASSERT_EQUAL(len, 4);
    ac__buf_free(&b);
}

/* At end of stream readline hands out the unterminated tail, then 0. */
static void test_line_at_eof_gives_tail(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    size_t len = 99;
    ac__buf_append(&b, "tail", 4);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 100, 1, &len), AC_LINE_READY);
    CU_ASSERT_EQUAL(len, 4);
    ac__buf_consume(&b, len);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 100, 1, &len), AC_LINE_READY);
    CU_ASSERT_EQUAL(len, 0);
    ac__buf_free(&b);
}

/* asyncio: a separator past the limit drops the line through it. */
static void test_line_too_long_drops_through_separator(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    size_t len = 0;
    ac__buf_append(&b, "0123456789\nnext\n", 16);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 5, 0, &len), AC_LINE_TOO_LONG);
    CU_ASSERT_EQUAL(ac__buf_len(&b), 5);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 5, 0, &len), AC_LINE_READY);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT_NSTRING_EQUAL(ac__buf_data(&b), "next\n", 5);
    ac__buf_free(&b);
}

/* asyncio: no separator and more than the limit clears the buffer. */
static void test_line_no_separator_clears(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    size_t len = 0;
    ac__buf_append(&b, "0123456789", 10);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 10, 0, &len), AC_LINE_NEED_MORE);
    ac__buf_append(&b, "a", 1);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 10, 0, &len), AC_LINE_NO_SEP);
    CU_ASSERT_EQUAL(ac__buf_len(&b), 0);
    ac__buf_free(&b);
}

/* A line of exactly the limit (newline included) fits. */
static void test_line_exactly_limit(void)
{
    ac_bytebuf b;
    ac__buf_init(&b);
    size_t len = 0;
    ac__buf_append(&b, "abcd\n", 5);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 5, 0, &len), AC_LINE_READY);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT_EQUAL(ac__buf_line(&b, 4, 0, &len), AC_LINE_TOO_LONG);
    ac__buf_free(&b);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("stream_buf", NULL, NULL);
    CU_add_test(s, "append_take_in_order", test_append_take_in_order);
    CU_add_test(s, "grow_and_slide_keep_bytes", test_grow_and_slide_keep_bytes);
    CU_add_test(s, "reserve_commit_direct_fill",
                test_reserve_commit_direct_fill);
    CU_add_test(s, "line_ready_and_need_more", test_line_ready_and_need_more);
    CU_add_test(s, "line_at_eof_gives_tail", test_line_at_eof_gives_tail);
    CU_add_test(s, "line_too_long_drops_through_separator",
                test_line_too_long_drops_through_separator);
    CU_add_test(s, "line_no_separator_clears", test_line_no_separator_clears);
    CU_add_test(s, "line_exactly_limit", test_line_exactly_limit);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
