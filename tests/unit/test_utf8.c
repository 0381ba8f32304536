/*
 * test_utf8.c - unit tests for utf8.c: encoding and decoding of every scalar
 * value, rejection of ill-formed sequences (overlongs, surrogates, values
 * above U+10FFFF, truncation, bad continuation bytes), counting, validation.
 *
 * Every decode of a short sequence reads from a heap buffer of exactly that
 * many bytes, so ASan catches a read past 'len'.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"
#include "xalloc.h"

/* A heap copy of exactly 'len' bytes (at least one byte is allocated). */
static char *exact(const void *bytes, size_t len)
{
    char *p = xmalloc(len ? len : 1);
    memcpy(p, bytes, len);
    return p;
}

static uint32_t decode_exact(const void *bytes, size_t len, size_t *used)
{
    char *p = exact(bytes, len);
    uint32_t cp = utf8_decode(p, len, used);
    free(p);
    return cp;
}

static int valid_exact(const void *bytes, size_t len)
{
    char *p = exact(bytes, len);
    int ok = utf8_valid(p, len);
    free(p);
    return ok;
}

static size_t count_exact(const void *bytes, size_t len)
{
    char *p = exact(bytes, len);
    size_t n = utf8_count(p, len);
    free(p);
    return n;
}

/* Assert that the 'len' bytes decode as one invalid byte and are not valid. */
static void check_rejected(const unsigned char *bytes, size_t len)
{
    size_t used = 99;
    uint32_t cp = decode_exact(bytes, len, &used);

    if (cp != 0xFFFD || used != 1)
        print_error("decoding %zu bytes %02X %02X %02X %02X gave U+%04X, used %zu\n", len,
                    bytes[0], len > 1 ? bytes[1] : 0, len > 2 ? bytes[2] : 0,
                    len > 3 ? bytes[3] : 0, (unsigned)cp, used);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(used, 1);
    assert_false(valid_exact(bytes, len));
}

static size_t expected_length(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static void round_trips_every_scalar_value(void **state)
{
    uint32_t cp;
    (void)state;

    for (cp = 0; cp <= 0x10FFFF; cp++) {
        char buf[8];
        size_t n, used = 0;
        uint32_t back;

        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        memset(buf, 0x41, sizeof buf);
        n = utf8_encode(cp, buf);
        if (n != expected_length(cp))
            fail_msg("U+%04X encoded in %zu bytes", (unsigned)cp, n);
        assert_int_equal(buf[n], 0x41); /* nothing written past the count */
        back = utf8_decode(buf, n, &used);
        if (back != cp || used != n)
            fail_msg("U+%04X decoded as U+%04X using %zu of %zu bytes", (unsigned)cp,
                     (unsigned)back, used, n);
        /* trailing bytes are not consumed */
        back = utf8_decode(buf, sizeof buf, &used);
        if (back != cp || used != n)
            fail_msg("U+%04X followed by more text decoded as U+%04X", (unsigned)cp,
                     (unsigned)back);
        if (!utf8_valid(buf, n) || utf8_count(buf, n) != 1)
            fail_msg("U+%04X not valid or not counted as one", (unsigned)cp);
    }
}

static void encodes_boundary_values_to_the_standard_bytes(void **state)
{
    static const struct {
        uint32_t cp;
        const char *bytes;
    } cases[] = {
        {0x00, ""},  /* the NUL byte itself, length 1 */
        {0x41, "A"},
        {0x7F, "\x7F"},
        {0x80, "\xC2\x80"},
        {0xB7, "\xC2\xB7"},
        {0x7FF, "\xDF\xBF"},
        {0x800, "\xE0\xA0\x80"},
        {0xD55C, "\xED\x95\x9C"},      /* 한 */
        {0xD7FF, "\xED\x9F\xBF"},
        {0xE000, "\xEE\x80\x80"},
        {0xFFFD, "\xEF\xBF\xBD"},
        {0xFFFF, "\xEF\xBF\xBF"},
        {0x10000, "\xF0\x90\x80\x80"},
        {0x1F600, "\xF0\x9F\x98\x80"},
        {0x10FFFF, "\xF4\x8F\xBF\xBF"},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[4];
        size_t want = cases[i].cp ? strlen(cases[i].bytes) : 1;
        size_t n = utf8_encode(cases[i].cp, buf), used = 0;

        assert_int_equal(n, want);
        assert_memory_equal(buf, cases[i].cp ? cases[i].bytes : "\0", n);
        assert_int_equal(decode_exact(buf, n, &used), cases[i].cp);
        assert_int_equal(used, n);
    }
}

static void rejects_every_overlong_encoding(void **state)
{
    uint32_t cp;
    (void)state;

    /* two bytes for U+0000..U+007F: C0 80 .. C1 BF */
    for (cp = 0; cp < 0x80; cp++) {
        unsigned char b[2] = {(unsigned char)(0xC0 | (cp >> 6)),
                              (unsigned char)(0x80 | (cp & 0x3F))};
        check_rejected(b, 2);
    }
    /* three bytes for U+0000..U+07FF: E0 80 80 .. E0 9F BF */
    for (cp = 0; cp < 0x800; cp++) {
        unsigned char b[3] = {0xE0, (unsigned char)(0x80 | (cp >> 6)),
                              (unsigned char)(0x80 | (cp & 0x3F))};
        check_rejected(b, 3);
    }
    /* four bytes for U+0000..U+FFFF: F0 80 80 80 .. F0 8F BF BF */
    for (cp = 0; cp < 0x10000; cp++) {
        unsigned char b[4] = {0xF0, (unsigned char)(0x80 | (cp >> 12)),
                              (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
                              (unsigned char)(0x80 | (cp & 0x3F))};
        check_rejected(b, 4);
    }
}

static void rejects_every_encoded_surrogate(void **state)
{
    uint32_t cp;
    (void)state;

    for (cp = 0xD800; cp <= 0xDFFF; cp++) {
        unsigned char b[3] = {0xED, (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
                              (unsigned char)(0x80 | (cp & 0x3F))};
        check_rejected(b, 3);
    }
    /* a surrogate pair written as two three-byte sequences (CESU-8) */
    check_rejected((const unsigned char *)"\xED\xA0\xBD\xED\xB8\x80", 6);
}

static void rejects_values_above_u10ffff(void **state)
{
    static const unsigned char cases[][4] = {
        {0xF4, 0x90, 0x80, 0x80},  /* U+110000 */
        {0xF4, 0xBF, 0xBF, 0xBF},  /* U+13FFFF */
        {0xF5, 0x80, 0x80, 0x80},
        {0xF7, 0xBF, 0xBF, 0xBF},  /* U+1FFFFF */
        {0xF8, 0x88, 0x80, 0x80},  /* five-byte form */
        {0xFC, 0x84, 0x80, 0x80},  /* six-byte form */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_rejected(cases[i], 4);
}

static void rejects_bytes_that_cannot_start_a_character(void **state)
{
    unsigned b;
    (void)state;

    for (b = 0x80; b <= 0xBF; b++) {
        unsigned char s[2] = {(unsigned char)b, 'a'};
        check_rejected(s, 2);
    }
    {
        static const unsigned char leads[] = {0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8, 0xFB,
                                              0xFC, 0xFD, 0xFE, 0xFF};
        size_t i;
        for (i = 0; i < sizeof leads; i++) {
            unsigned char s[4] = {leads[i], 0x80, 0x80, 0x80};
            check_rejected(s, 4);
        }
    }
}

static void rejects_truncated_sequences_without_reading_past_len(void **state)
{
    static const uint32_t samples[] = {0x80, 0x7FF, 0x800, 0xD55C, 0xFFFF, 0x10000,
                                       0x1F600, 0x10FFFF};
    size_t i, k;
    (void)state;

    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        unsigned char buf[4];
        size_t n = utf8_encode(samples[i], (char *)buf);
        for (k = 1; k < n; k++)
            check_rejected(buf, k);
    }
}

static void rejects_a_lead_byte_followed_by_a_non_continuation(void **state)
{
    static const struct {
        unsigned char b[4];
        size_t len;
    } cases[] = {
        {{0xC3, 0x41}, 2},
        {{0xC3, 0xC3}, 2},
        {{0xED, 0x95, 0x41}, 3},
        {{0xED, 0x41, 0x9C}, 3},
        {{0xF0, 0x9F, 0x98, 0x41}, 4},
        {{0xF0, 0x9F, 0xF0, 0x80}, 4},
        {{0xE0, 0xA0, 0x00}, 3},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_rejected(cases[i].b, cases[i].len);
}

static void decodes_ascii_and_nul_as_single_bytes(void **state)
{
    unsigned b;
    (void)state;

    for (b = 0; b < 0x80; b++) {
        char c = (char)b;
        size_t used = 0;
        assert_int_equal(decode_exact(&c, 1, &used), b);
        assert_int_equal(used, 1);
    }
    assert_true(valid_exact("a\0b", 3));
    assert_int_equal(count_exact("a\0b", 3), 3);
}

static void accepts_a_literal_replacement_character(void **state)
{
    size_t used = 0;
    (void)state;

    assert_int_equal(decode_exact("\xEF\xBF\xBD", 3, &used), 0xFFFD);
    assert_int_equal(used, 3);
    assert_true(valid_exact("\xEF\xBF\xBD", 3));
    assert_true(valid_exact("a\xEF\xBF\xBDz", 5));
    /* but not a truncated one */
    assert_false(valid_exact("\xEF\xBF", 2));
}

static void validates_whole_texts(void **state)
{
    (void)state;

    assert_true(valid_exact("", 0));
    assert_true(utf8_valid(NULL, 0));
    assert_true(valid_exact("plain ascii", 11));
    assert_true(valid_exact("플랫폼 상생협력 · 😀", strlen("플랫폼 상생협력 · 😀")));
    assert_false(valid_exact("한국\xFF", strlen("한국") + 1));
    assert_false(valid_exact("\xC0\xAF", 2));
    assert_false(valid_exact("ab\xED\xA0\x80", 5));
    /* the bad byte is found at the very end of the text */
    assert_false(valid_exact("abc\xE2\x82", 5));
}

static void counts_code_points_in_mixed_text(void **state)
{
    const char *s = "a한b😀·";
    size_t len = strlen(s);
    (void)state;

    assert_int_equal(count_exact(s, 0), 0);
    assert_int_equal(count_exact(s, 1), 1);
    assert_int_equal(count_exact(s, 4), 2);          /* a 한 */
    assert_int_equal(count_exact(s, 5), 3);          /* a 한 b */
    assert_int_equal(count_exact(s, 9), 4);          /* + 😀 */
    assert_int_equal(count_exact(s, len), 5);        /* + · */
    assert_int_equal(count_exact("플랫폼 상생협력", strlen("플랫폼 상생협력")), 8);
}

static void counts_each_invalid_byte_as_one_character_like_the_decoder(void **state)
{
    static const struct {
        const char *s;
        size_t len, want;
    } cases[] = {
        {"\x80\x80\x80", 3, 3},           /* stray continuation bytes */
        {"a\xBF" "b", 3, 3},
        {"\xC0\xAF", 2, 2},               /* overlong '/' */
        {"\xED\xA0\x80", 3, 3},           /* surrogate */
        {"\xF4\x90\x80\x80", 4, 4},       /* above U+10FFFF */
        {"\xED\x95", 2, 2},               /* truncated 한 */
        {"\xFF\xFE", 2, 2},
        {"\xEF\xBF\xBD", 3, 1},           /* a real U+FFFD */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = count_exact(cases[i].s, cases[i].len);
        if (got != cases[i].want)
            print_error("case %zu: counted %zu, want %zu\n", i, got, cases[i].want);
        assert_int_equal(got, cases[i].want);
    }
}

/* For any bytes, utf8_count equals the number of steps utf8_decode takes. */
static void counts_as_many_characters_as_decoding_steps_on_any_bytes(void **state)
{
    unsigned seed = 12345;
    int round;
    (void)state;

    for (round = 0; round < 2000; round++) {
        unsigned char bytes[24];
        size_t len = (size_t)(round % 24) + 1, i, steps = 0, used;
        char *p;

        for (i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            /* bias towards bytes that start or continue sequences */
            bytes[i] = (unsigned char)(((seed >> 16) & 1) ? 0x80 | ((seed >> 8) & 0x7F)
                                                          : (seed >> 8));
        }
        p = exact(bytes, len);
        for (i = 0; i < len; i += used) {
            utf8_decode(p + i, len - i, &used);
            assert_true(used >= 1 && used <= len - i);
            steps++;
        }
        assert_int_equal(utf8_count(p, len), steps);
        free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trips_every_scalar_value),
        cmocka_unit_test(encodes_boundary_values_to_the_standard_bytes),
        cmocka_unit_test(rejects_every_overlong_encoding),
        cmocka_unit_test(rejects_every_encoded_surrogate),
        cmocka_unit_test(rejects_values_above_u10ffff),
        cmocka_unit_test(rejects_bytes_that_cannot_start_a_character),
        cmocka_unit_test(rejects_truncated_sequences_without_reading_past_len),
        cmocka_unit_test(rejects_a_lead_byte_followed_by_a_non_continuation),
        cmocka_unit_test(decodes_ascii_and_nul_as_single_bytes),
        cmocka_unit_test(accepts_a_literal_replacement_character),
        cmocka_unit_test(validates_whole_texts),
        cmocka_unit_test(counts_code_points_in_mixed_text),
        cmocka_unit_test(counts_each_invalid_byte_as_one_character_like_the_decoder),
        cmocka_unit_test(counts_as_many_characters_as_decoding_steps_on_any_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
