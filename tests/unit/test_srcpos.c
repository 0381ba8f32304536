/*
 * test_srcpos.c - unit tests for srcpos.c: byte offset -> line:column with
 * every kind of line ending and with Hangul before the column, and the JSON
 * text scanner (json_text_key, json_text_index, json_text_pointer) on nested,
 * escaped, malformed and truncated text.
 *
 * Texts are scanned from heap copies of exactly their length, so ASan
 * reports any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "srcpos.h"
#include "strbuf.h"
#include "xalloc.h"

/* A heap copy of the first 'len' bytes of 's', without a terminating NUL. */
static char *exact(const char *s, size_t len)
{
    char *p = xmalloc(len ? len : 1);
    memcpy(p, s, len);
    return p;
}

/* Byte offset of the first occurrence of 'marker' in 'text' (must exist). */
static size_t at(const char *text, const char *marker)
{
    const char *p = strstr(text, marker);
    if (!p)
        fail_msg("'%s' not in the text", marker);
    return (size_t)(p - text);
}

static void check_locate(const char *text, size_t len, size_t offset, int want_line,
                         int want_column)
{
    struct srcmap map;
    char *copy = exact(text, len);
    int line = -1, column = -1;

    srcmap_init(&map, copy, len);
    srcmap_locate(&map, offset, &line, &column);
    if (line != want_line || column != want_column)
        print_error("offset %zu: got %d:%d, want %d:%d\n", offset, line, column, want_line,
                    want_column);
    assert_int_equal(line, want_line);
    assert_int_equal(column, want_column);
    srcmap_release(&map);
    free(copy);
}

static long key_in(const char *text, size_t start, const char *key)
{
    size_t len = strlen(text);
    char *copy = exact(text, len);
    long r = json_text_key(copy, len, start, key);
    free(copy);
    return r;
}

static long index_in(const char *text, size_t start, size_t index)
{
    size_t len = strlen(text);
    char *copy = exact(text, len);
    long r = json_text_index(copy, len, start, index);
    free(copy);
    return r;
}

static size_t pointer_in(const char *text, size_t start, const char *pointer)
{
    size_t len = strlen(text);
    char *copy = exact(text, len);
    size_t r = json_text_pointer(copy, len, start, pointer);
    free(copy);
    return r;
}

/* ---- srcmap_locate ---- */

static void locates_lines_and_columns_with_lf(void **state)
{
    const char *t = "ab\ncd\n\nxyz";
    size_t len = strlen(t);
    (void)state;

    check_locate(t, len, 0, 1, 1);
    check_locate(t, len, 1, 1, 2);
    check_locate(t, len, 2, 1, 3);   /* the LF ends line 1 */
    check_locate(t, len, 3, 2, 1);
    check_locate(t, len, 5, 2, 3);
    check_locate(t, len, 6, 3, 1);   /* empty line */
    check_locate(t, len, 7, 4, 1);
    check_locate(t, len, 9, 4, 3);
    check_locate(t, len, len, 4, 4); /* end of text */
}

static void counts_crlf_as_one_line_end(void **state)
{
    const char *t = "ab\r\ncd\r\n\r\nx";
    size_t len = strlen(t);
    (void)state;

    check_locate(t, len, 2, 1, 3);   /* CR */
    check_locate(t, len, 3, 1, 4);   /* LF of the same line end */
    check_locate(t, len, 4, 2, 1);
    check_locate(t, len, 6, 2, 3);
    check_locate(t, len, 8, 3, 1);
    check_locate(t, len, 10, 4, 1);
}

static void counts_a_lone_cr_as_a_line_end(void **state)
{
    const char *t = "ab\rcd\r\rx";
    size_t len = strlen(t);
    (void)state;

    check_locate(t, len, 2, 1, 3);
    check_locate(t, len, 3, 2, 1);
    check_locate(t, len, 4, 2, 2);
    check_locate(t, len, 6, 3, 1);
    check_locate(t, len, 7, 4, 1);
    /* a CR as the very last byte starts an empty last line */
    check_locate("a\r", 2, 2, 2, 1);
}

static void mixes_lf_crlf_and_cr_line_ends(void **state)
{
    const char *t = "a\nb\r\nc\rd\n\re";
    size_t len = strlen(t);
    (void)state;

    check_locate(t, len, at(t, "a"), 1, 1);
    check_locate(t, len, at(t, "b"), 2, 1);
    check_locate(t, len, at(t, "c"), 3, 1);
    check_locate(t, len, at(t, "d"), 4, 1);
    check_locate(t, len, at(t, "e"), 6, 1); /* LF then CR: two line ends */
}

static void locates_column_in_characters_after_hangul(void **state)
{
    const char *t = "{\n  \"회사\": \"네이버\", \"금액\": \"천억 원 안팎\"\n}";
    size_t len = strlen(t);
    (void)state;

    /* line 2: two spaces, "회사": "네이버", "금액": */
    check_locate(t, len, at(t, "\"네이버\""), 2, 9);
    check_locate(t, len, at(t, "\"금액\""), 2, 16);
    check_locate(t, len, at(t, "\"천억"), 2, 22);
    check_locate(t, len, at(t, "안팎"), 2, 28);
    check_locate(t, len, at(t, "}"), 3, 1);
    /* four-byte characters count once too */
    check_locate("😀😀x", strlen("😀😀x"), 8, 1, 3);
}

static void clamps_an_offset_past_the_end(void **state)
{
    (void)state;

    check_locate("ab\ncd", 5, 5, 2, 3);
    check_locate("ab\ncd", 5, 500, 2, 3);
    check_locate("", 0, 0, 1, 1);
    check_locate("", 0, 7, 1, 1);
}

static void locates_every_line_of_a_long_text(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct srcmap map;
    size_t *starts = xmalloc(20001 * sizeof *starts);
    int i;
    (void)state;

    for (i = 0; i < 20000; i++) {
        starts[i] = sb.len;
        strbuf_addf(&sb, "%s줄 %d%s", i % 3 ? "" : "  ", i, i % 2 ? "\r\n" : "\n");
    }
    srcmap_init(&map, sb.buf, sb.len);
    for (i = 0; i < 20000; i++) {
        int line, column;
        srcmap_locate(&map, starts[i], &line, &column);
        assert_int_equal(line, i + 1);
        assert_int_equal(column, 1);
        srcmap_locate(&map, starts[i] + (i % 3 ? 0 : 2) + 3, &line, &column);
        assert_int_equal(line, i + 1);
        assert_int_equal(column, (i % 3 ? 1 : 3) + 1); /* just after 줄 */
    }
    srcmap_release(&map);
    srcmap_release(&map); /* twice is harmless */
    strbuf_release(&sb);
    free(starts);
}

static void counts_each_invalid_byte_as_one_column(void **state)
{
    (void)state;
    check_locate("\xFF\x80x", 3, 2, 1, 3);
}

/* ---- json_text_key ---- */

static void finds_the_value_of_a_top_level_key_not_a_nested_one(void **state)
{
    const char *t = "  {\"a\": 1, \"b\": [1, {\"c\": 2}], \"d\": {\"c\": 3}, \"c\" :\t\"x\"}";
    (void)state;

    assert_int_equal(key_in(t, 0, "a"), (long)at(t, "1,"));
    assert_int_equal(key_in(t, 0, "b"), (long)at(t, "[1"));
    assert_int_equal(key_in(t, 0, "d"), (long)at(t, "{\"c\": 3"));
    assert_int_equal(key_in(t, 0, "c"), (long)at(t, "\"x\""));
    assert_int_equal(key_in(t, at(t, "{\"c\": 2"), "c"), (long)at(t, "2}"));
}

/* The parser keeps the last of duplicate keys; so does the scanner. */
static void finds_the_last_value_of_a_repeated_key(void **state)
{
    const char *t = "{\"a\": 1, \"b\": {\"a\": 0}, \"\\u0061\": 2, \"a\": [3], \"c\": 4}";
    (void)state;

    assert_int_equal(key_in(t, 0, "a"), (long)at(t, "[3]"));
    assert_int_equal(key_in(t, 0, "c"), (long)at(t, "4}"));
    /* what follows the last match need not be well-formed */
    assert_int_equal(key_in("{\"a\": 1, \"a\": 2, \"b\": ]", 0, "a"), 14);
    assert_int_equal(key_in("{\"a\": 1, \"a\": 2, \"b", 0, "a"), 14);
}

static void returns_minus_one_for_an_absent_key(void **state)
{
    const char *t = "{\"ab\": 1, \"abc\": {\"x\": 2}}";
    (void)state;

    assert_int_equal(key_in(t, 0, "a"), -1);
    assert_int_equal(key_in(t, 0, "abcd"), -1);
    assert_int_equal(key_in(t, 0, "x"), -1);
    assert_int_equal(key_in(t, 0, ""), -1);
    assert_int_equal(key_in("{}", 0, "a"), -1);
    assert_int_equal(key_in("{ \n }", 0, "a"), -1);
}

static void returns_minus_one_when_the_text_is_not_an_object(void **state)
{
    (void)state;

    assert_int_equal(key_in("[{\"a\": 1}]", 0, "a"), -1);
    assert_int_equal(key_in("\"a\"", 0, "a"), -1);
    assert_int_equal(key_in("", 0, "a"), -1);
    assert_int_equal(key_in("   ", 0, "a"), -1);
    assert_int_equal(key_in("{\"a\": 1}", 100, "a"), -1);
}

static void decodes_escapes_in_keys(void **state)
{
    const char *t = "{\"\\u0061\": 1, \"\\\"q\\\"\": 2, \"a\\\\b\": 3, \"\\uD55C\\uad6d\": 4, "
                    "\"\\ud83d\\ude00\": 5, \"a\\/b\": 6, \"\\n\\t\\r\\b\\f\": 7, "
                    "\"\\u00B7\": 8, \"x\\u0000y\": 9}";
    (void)state;

    assert_int_equal(key_in(t, 0, "a"), (long)at(t, "1,"));
    assert_int_equal(key_in(t, 0, "\"q\""), (long)at(t, "2,"));
    assert_int_equal(key_in(t, 0, "a\\b"), (long)at(t, "3,"));
    assert_int_equal(key_in(t, 0, "한국"), (long)at(t, "4,"));
    assert_int_equal(key_in(t, 0, "😀"), (long)at(t, "5,"));
    assert_int_equal(key_in(t, 0, "a/b"), (long)at(t, "6,"));
    assert_int_equal(key_in(t, 0, "\n\t\r\b\f"), (long)at(t, "7,"));
    assert_int_equal(key_in(t, 0, "·"), (long)at(t, "8,"));
    /* a key holding U+0000 cannot equal a C string */
    assert_int_equal(key_in(t, 0, "xy"), -1);
    assert_int_equal(key_in(t, 0, "x"), -1);
    /* escapes are not matched literally */
    assert_int_equal(key_in(t, 0, "\\u0061"), -1);
    assert_int_equal(key_in(t, 0, "a/b/"), -1);
}

static void skips_strings_holding_braces_brackets_commas_and_quotes(void **state)
{
    const char *t = "{\"s\": \"}]{[,:\\\"\\\\\", \"o\": {\"k\": \"}}\", \"l\": [\"]\", \",\"]}, "
                    "\"n\": [[{}], {\"x\": [\"{\"]}], \"want\": true}";
    (void)state;

    assert_int_equal(key_in(t, 0, "want"), (long)at(t, "true"));
    assert_int_equal(key_in(t, 0, "n"), (long)at(t, "[[{}]"));
}

static void skips_scalars_of_every_kind(void **state)
{
    const char *t = "{\"a\":true,\"b\":-1.5e+3,\"c\":null,\"d\":false,\"e\":0 ,\"f\":\"\","
                    "\"g\":123456789012345678901234567890,\"z\":\"end\"}";
    (void)state;

    assert_int_equal(key_in(t, 0, "b"), (long)at(t, "-1.5"));
    assert_int_equal(key_in(t, 0, "g"), (long)at(t, "1234"));
    assert_int_equal(key_in(t, 0, "z"), (long)at(t, "\"end\""));
}

static void skips_a_deeply_nested_value(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    int i;
    char *copy;
    long r;
    (void)state;

    strbuf_addstr(&sb, "{\"deep\": ");
    for (i = 0; i < 10000; i++)
        strbuf_addstr(&sb, i % 2 ? "{\"k\":" : "[");
    strbuf_addstr(&sb, "0");
    for (i = 10000 - 1; i >= 0; i--)
        strbuf_addstr(&sb, i % 2 ? "}" : "]");
    strbuf_addstr(&sb, ", \"after\": 1}");
    copy = exact(sb.buf, sb.len);
    r = json_text_key(copy, sb.len, 0, "after");
    assert_int_equal(r, (long)(sb.len - 2));
    /* and the same nesting cut short: nothing is found, nothing overread */
    r = json_text_key(copy, sb.len / 2, 0, "after");
    assert_int_equal(r, -1);
    free(copy);
    strbuf_release(&sb);
}

/* ---- json_text_index ---- */

static void finds_array_elements_by_index(void **state)
{
    const char *t = " [10, \"a,b]\", [1, [2]], {\"k\": \"]\"}, null , -3]";
    (void)state;

    assert_int_equal(index_in(t, 0, 0), (long)at(t, "10"));
    assert_int_equal(index_in(t, 0, 1), (long)at(t, "\"a,b"));
    assert_int_equal(index_in(t, 0, 2), (long)at(t, "[1,"));
    assert_int_equal(index_in(t, 0, 3), (long)at(t, "{\"k"));
    assert_int_equal(index_in(t, 0, 4), (long)at(t, "null"));
    assert_int_equal(index_in(t, 0, 5), (long)at(t, "-3"));
    assert_int_equal(index_in(t, 0, 6), -1);
    assert_int_equal(index_in(t, 0, (size_t)-1), -1);
}

static void returns_minus_one_for_empty_arrays_and_non_arrays(void **state)
{
    (void)state;

    assert_int_equal(index_in("[]", 0, 0), -1);
    assert_int_equal(index_in("[ \n ]", 0, 0), -1);
    assert_int_equal(index_in("{\"0\": 1}", 0, 0), -1);
    assert_int_equal(index_in("", 0, 0), -1);
    assert_int_equal(index_in("1", 0, 0), -1);
}

/* ---- json_text_pointer ---- */

static const char doc[] =
    "{\n"
    "  \"title\": \"플랫폼 상생협력\",\n"
    "  \"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\"}],\n"
    "  \"pledges\": [\n"
    "    {\"id\": \"P1\", \"company\": \"네이버\", \"amount_krw\": 1},\n"
    "    {\"id\": \"P2\", \"note\": \"{[,]}\", \"sources\": [\"a.txt\", \"b.txt\"],\n"
    "     \"\\u0061mount_krw\": \"천억 원 안팎\"}\n"
    "  ]\n"
    "}\n";

static void follows_a_pointer_into_nested_records(void **state)
{
    (void)state;

    assert_int_equal(pointer_in(doc, 0, "/title"), at(doc, "\"플랫폼"));
    assert_int_equal(pointer_in(doc, 0, "/meetings/0/date"), at(doc, "\"2024"));
    assert_int_equal(pointer_in(doc, 0, "/pledges/0/company"), at(doc, "\"네이버"));
    assert_int_equal(pointer_in(doc, 0, "/pledges/1/sources/1"), at(doc, "\"b.txt"));
    /* the key is written with an escape in the text */
    assert_int_equal(pointer_in(doc, 0, "/pledges/1/amount_krw"), at(doc, "\"천억"));
    assert_int_equal(pointer_in(doc, 0, "/pledges"), at(doc, "[\n    {"));
}

static void follows_a_relative_pointer_from_a_record(void **state)
{
    size_t rec = at(doc, "{\"id\": \"P2\"");
    (void)state;

    assert_int_equal(pointer_in(doc, rec, "/sources/0"), at(doc, "\"a.txt"));
    assert_int_equal(pointer_in(doc, rec, ""), rec);
    /* whitespace before the record is skipped */
    assert_int_equal(pointer_in(doc, rec - 4, ""), rec);
}

static void stops_at_the_deepest_value_found(void **state)
{
    size_t p2 = at(doc, "{\"id\": \"P2\"");
    (void)state;

    assert_int_equal(pointer_in(doc, 0, "/pledges/1/due"), p2);
    assert_int_equal(pointer_in(doc, 0, "/pledges/7/id"), at(doc, "[\n    {"));
    assert_int_equal(pointer_in(doc, 0, "/pledges/x"), at(doc, "[\n    {"));
    assert_int_equal(pointer_in(doc, 0, "/pledges/"), at(doc, "[\n    {"));
    assert_int_equal(pointer_in(doc, 0, "/nothing/0"), 0);
    assert_int_equal(pointer_in(doc, 0, "/title/0"), at(doc, "\"플랫폼"));
    assert_int_equal(pointer_in(doc, 0, "/pledges/1/sources/2"), at(doc, "[\"a.txt"));
}

static void treats_a_numeric_step_on_an_object_as_a_key(void **state)
{
    const char *t = "{\"pledges\": {\"1\": \"one\", \"0\": \"zero\"}}";
    (void)state;

    assert_int_equal(pointer_in(t, 0, "/pledges/0"), at(t, "\"zero"));
    assert_int_equal(pointer_in(t, 0, "/pledges/1"), at(t, "\"one"));
}

static void follows_a_pointer_through_many_levels(void **state)
{
    struct strbuf text = STRBUF_INIT, ptr = STRBUF_INIT;
    int i;
    (void)state;

    for (i = 0; i < 10000; i++) {
        strbuf_addstr(&text, i % 2 ? "{\"k\": " : "[0, ");
        strbuf_addstr(&ptr, i % 2 ? "/k" : "/1");
    }
    strbuf_addstr(&text, "\"leaf\"");
    for (i = 10000 - 1; i >= 0; i--)
        strbuf_addstr(&text, i % 2 ? "}" : "]");
    assert_int_equal(pointer_in(text.buf, 0, ptr.buf), at(text.buf, "\"leaf\""));
    strbuf_release(&text);
    strbuf_release(&ptr);
}

/* ---- malformed and truncated text ---- */

static void gives_up_on_malformed_text(void **state)
{
    (void)state;

    assert_int_equal(key_in("{\"a\" 1}", 0, "b"), -1);      /* no colon */
    assert_int_equal(key_in("{\"a\" 1}", 0, "a"), -1);
    assert_int_equal(key_in("{a: 1}", 0, "a"), -1);         /* unquoted key */
    assert_int_equal(key_in("{\"a\": }, \"b\": 1}", 0, "b"), -1);
    assert_int_equal(key_in("{\"a\": ], \"b\": 1}", 0, "b"), -1);
    assert_int_equal(key_in("{\"abc", 0, "abc"), -1);      /* unterminated key */
    assert_int_equal(key_in("{\"a\\", 0, "a"), -1);        /* backslash at the end */
    assert_int_equal(key_in("{\"\\u00", 0, "a"), -1);      /* short \u escape */
    assert_int_equal(key_in("{\"\\uzzzz\": 1}", 0, "a"), -1);
    assert_int_equal(key_in("{\"\\ud83d\\u", 0, "a"), -1);
    assert_int_equal(key_in("{\"a\": \"x, \"b\": 1", 0, "c"), -1);
    assert_int_equal(index_in("[\"a\", \"b", 0, 2), -1);
    assert_int_equal(index_in("[}, 1]", 0, 1), -1);
    assert_int_equal(pointer_in("{\"a\": [1, \"x", 0, "/a/2"), at("{\"a\": [1, \"x", "[1"));
}

/*
 * Every prefix of a document, and every document with one byte changed,
 * scans without reading past the end; answers stay within the text.
 */
static void scans_every_truncation_and_corruption_within_bounds(void **state)
{
    static const char *const keys[] = {"title", "pledges", "amount_krw", "x", ""};
    static const char *const pointers[] = {"/pledges/1/amount_krw", "/meetings/0/date",
                                           "/pledges/1/sources/1", "/a/b/c"};
    static const char noise[] = "{}[]\",:\\ u0a";
    size_t len = strlen(doc), cut, k, pos;
    (void)state;

    for (cut = 0; cut <= len; cut++) {
        char *copy = exact(doc, cut);
        for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            long r = json_text_key(copy, cut, 0, keys[k]);
            assert_true(r >= -1 && r <= (long)cut);
        }
        for (k = 0; k < 4; k++) {
            long r = json_text_index(copy, cut, at(doc, "[{\"id\""), k);
            assert_true(r >= -1 && r <= (long)cut);
            assert_true(json_text_pointer(copy, cut, 0, pointers[k]) <= cut);
        }
        free(copy);
    }
    for (pos = 0; pos < len; pos++) {
        for (k = 0; k < sizeof noise - 1; k++) {
            char *copy = exact(doc, len);
            size_t n;
            copy[pos] = noise[k];
            for (n = 0; n < sizeof pointers / sizeof pointers[0]; n++)
                assert_true(json_text_pointer(copy, len, 0, pointers[n]) <= len);
            free(copy);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locates_lines_and_columns_with_lf),
        cmocka_unit_test(counts_crlf_as_one_line_end),
        cmocka_unit_test(counts_a_lone_cr_as_a_line_end),
        cmocka_unit_test(mixes_lf_crlf_and_cr_line_ends),
        cmocka_unit_test(locates_column_in_characters_after_hangul),
        cmocka_unit_test(clamps_an_offset_past_the_end),
        cmocka_unit_test(locates_every_line_of_a_long_text),
        cmocka_unit_test(counts_each_invalid_byte_as_one_column),
        cmocka_unit_test(finds_the_value_of_a_top_level_key_not_a_nested_one),
        cmocka_unit_test(finds_the_last_value_of_a_repeated_key),
        cmocka_unit_test(returns_minus_one_for_an_absent_key),
        cmocka_unit_test(returns_minus_one_when_the_text_is_not_an_object),
        cmocka_unit_test(decodes_escapes_in_keys),
        cmocka_unit_test(skips_strings_holding_braces_brackets_commas_and_quotes),
        cmocka_unit_test(skips_scalars_of_every_kind),
        cmocka_unit_test(skips_a_deeply_nested_value),
        cmocka_unit_test(finds_array_elements_by_index),
        cmocka_unit_test(returns_minus_one_for_empty_arrays_and_non_arrays),
        cmocka_unit_test(follows_a_pointer_into_nested_records),
        cmocka_unit_test(follows_a_relative_pointer_from_a_record),
        cmocka_unit_test(stops_at_the_deepest_value_found),
        cmocka_unit_test(treats_a_numeric_step_on_an_object_as_a_key),
        cmocka_unit_test(follows_a_pointer_through_many_levels),
        cmocka_unit_test(gives_up_on_malformed_text),
        cmocka_unit_test(scans_every_truncation_and_corruption_within_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
