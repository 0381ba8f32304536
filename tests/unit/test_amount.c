/*
 * test_amount.c - unit tests for amount.c: parsing Korean amounts to exact KRW,
 * rejecting everything outside the grammar, and the display format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "amount.h"
#include "strbuf.h"
#include "xalloc.h"

/* Parse a copy of 's' without a terminating NUL so over-reads are caught by ASan. */
static enum amount_status parse(const char *s, int64_t *krw)
{
    size_t len = strlen(s);
    char *copy = xmalloc(len);
    enum amount_status st;

    memcpy(copy, s, len);
    st = amount_parse(copy, len, krw);
    free(copy);
    return st;
}

static void check_parses(const char *s, int64_t want)
{
    int64_t got = -1;
    enum amount_status st = parse(s, &got);

    if (st != AMOUNT_OK || got != want)
        print_error("parsing \"%s\": status %d, value %lld, want %lld\n", s, (int)st,
                    (long long)got, (long long)want);
    assert_int_equal(st, AMOUNT_OK);
    assert_true(got == want);
}

static void check_rejects(const char *s, enum amount_status want)
{
    int64_t got = 12345;
    enum amount_status st = parse(s, &got);

    if (st != want)
        print_error("parsing \"%s\": status %d, want %d\n", s, (int)st, (int)want);
    assert_int_equal(st, want);
    assert_true(got == 12345);
}

static void check_formats(int64_t v, const char *want)
{
    struct strbuf sb = STRBUF_INIT;

    amount_format(v, &sb);
    assert_string_equal(sb.buf, want);
    assert_int_equal(sb.len, strlen(want));
    strbuf_release(&sb);
}

static void check_grouped(int64_t v, const char *want)
{
    struct strbuf sb = STRBUF_INIT;

    amount_format_grouped(v, &sb);
    assert_string_equal(sb.buf, want);
    strbuf_release(&sb);
}

static void formats_the_dataset_examples(void **state)
{
    (void)state;
    check_formats(300000000000, "3,000억 원");
    check_formats(4700000000, "47억 원");
    check_formats(150050000000, "1,500억 5,000만 원");
    check_formats(1200000000000, "1조 2,000억 원");
    check_formats(90000000, "9,000만 원");
    check_formats(15000, "1만 5,000원");
    check_formats(500, "500원");
    check_formats(0, "0원");
}

static void parses_the_dataset_examples(void **state)
{
    (void)state;
    check_parses("3,000억 원", 300000000000);
    check_parses("47억 원", 4700000000);
    check_parses("1,500억 5,000만 원", 150050000000);
    check_parses("1조 2,000억 원", 1200000000000);
    check_parses("9,000만 원", 90000000);
    check_parses("1만 5,000원", 15000);
    check_parses("500원", 500);
    check_parses("0원", 0);
    check_parses("1000억원", 100000000000);
    check_parses("9000만원", 90000000);
    check_parses("15000", 15000);
    check_parses("15,000원", 15000);
}

static void parses_jo_and_eok_with_commas(void **state)
{
    (void)state;
    check_parses("1조 2,000억 원", 1200000000000);
    check_parses("1조2,000억원", 1200000000000);
    check_parses("1조 2000억", 1200000000000);
    check_parses("12,000억 원", 1200000000000);
    check_parses("1,234,567원", 1234567);
    check_parses("3조 4,567억 8,901만 2,345원", 3456789012345);
}

static void skips_zero_groups_when_parsing(void **state)
{
    (void)state;
    check_parses("1조 5,000만 원", 1000050000000);
    check_parses("1억 1원", 100000001);
    check_parses("2경 3원", 20000000000000003);
}

static void parses_thousand_hundred_and_ten_forms(void **state)
{
    (void)state;
    check_parses("3천만 원", 30000000);
    check_parses("2천5백만 원", 25000000);
    check_parses("천만 원", 10000000);
    check_parses("백억", 10000000000);
    check_parses("십억 원", 1000000000);
    check_parses("3천원", 3000);
    check_parses("1만 2천5백원", 12500);
    check_parses("2천500만 원", 25000000);
    check_parses("9천9백9십9만 9천9백9십9원", 99999999);
    check_parses("1억 2천만", 120000000);
}

static void accepts_blanks_between_groups_and_around_the_amount(void **state)
{
    (void)state;
    check_parses("  47억 원  ", 4700000000);
    check_parses("1억\t5,000만\t원", 150000000);
    check_parses("1억5000만원", 150000000);
}

static void accepts_decimals_that_give_whole_won(void **state)
{
    (void)state;
    check_parses("1.5조 원", 1500000000000);
    check_parses("2.5억", 250000000);
    check_parses("0.5억 원", 50000000);
    check_parses("1.50조", 1500000000000);
    check_parses("1.0001만원", 10001);
    check_parses("3조 1.5억 원", 3000150000000);
    check_parses("0.0000000000000001경", 1);
}

static void rejects_decimals_that_leave_a_fraction_of_won(void **state)
{
    (void)state;
    check_rejects("1.00005만원", AMOUNT_SYNTAX);
    check_rejects("1.5원", AMOUNT_SYNTAX);
    check_rejects("1.5", AMOUNT_SYNTAX);
    check_rejects("0.00000000000000001경", AMOUNT_SYNTAX);
}

static void rejects_decimals_outside_the_last_big_group(void **state)
{
    (void)state;
    check_rejects("1.5조 2,000억 원", AMOUNT_SYNTAX);
    check_rejects("1.5천만 원", AMOUNT_SYNTAX);
    check_rejects("1.억", AMOUNT_SYNTAX);
    check_rejects(".5억", AMOUNT_SYNTAX);
    check_rejects("0.0억", AMOUNT_SYNTAX);
}

static void rejects_text_outside_the_grammar(void **state)
{
    static const char *const bad[] = {
        "", "   ", "원", "억원", "만 원", "약 1000억원", "1000억원 이상", "1억 1조",
        "1억1억", "1,00억", "1,0000억", "1000,000원", ",100원", "-5억", "+5억", "1e9",
        "５억", "1000억원원", "1 억", "1억 원 2만", "100~200억원", "100억-200억원",
        "01억", "0,100원", "00", "0억", "1억 0만", "1만 0원", "10천만",
        "2천3천만", "5백2천", "2천1000만", "2천5,00만", "1억 15,000만 원", "1만 12345원",
        "1000 2000", "1000원 2", "\u00a01억", "1억\n원", "조", "1조억",
        "1억만", "1십십",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_rejects(bad[i], AMOUNT_SYNTAX);
}

static void reports_overflow_beyond_int64(void **state)
{
    (void)state;
    check_rejects("1000경 원", AMOUNT_OVERFLOW);
    check_rejects("9223372036854775808", AMOUNT_OVERFLOW);
    check_rejects("922경 3,372조 368억 5,477만 5,808원", AMOUNT_OVERFLOW);
    check_rejects("99999999999999999999999999억", AMOUNT_OVERFLOW);
    check_rejects("18446744073709551616원", AMOUNT_OVERFLOW);
    check_rejects("923경", AMOUNT_OVERFLOW);
    check_rejects("922.4경", AMOUNT_OVERFLOW);
}

static void prefers_syntax_errors_over_overflow(void **state)
{
    (void)state;
    check_rejects("1000경 원 이상", AMOUNT_SYNTAX);
    check_rejects("99999999999999999999 1억", AMOUNT_SYNTAX);
}

static void parses_the_largest_int64_exactly(void **state)
{
    (void)state;
    check_parses("9223372036854775807", INT64_MAX);
    check_parses("9,223,372,036,854,775,807원", INT64_MAX);
    check_parses("922경 3,372조 368억 5,477만 5,807원", INT64_MAX);
    check_parses("922.3372036854775807경", INT64_MAX);
}

static void reads_only_the_given_length(void **state)
{
    const char *s = "47억 원 이상";
    int64_t v = 0;

    (void)state;
    assert_int_equal(amount_parse(s, strlen("47억 원"), &v), AMOUNT_OK);
    assert_true(v == 4700000000);
    assert_int_equal(amount_parse(s, strlen("47억"), &v), AMOUNT_OK);
    assert_true(v == 4700000000);
    assert_int_equal(amount_parse(s, 4, &v), AMOUNT_SYNTAX);    /* cuts 억 */
    assert_int_equal(amount_parse(s, 0, &v), AMOUNT_SYNTAX);
}

static void formats_every_unit_up_to_gyeong(void **state)
{
    (void)state;
    check_formats(1, "1원");
    check_formats(9999, "9,999원");
    check_formats(10000, "1만 원");
    check_formats(10001, "1만 1원");
    check_formats(100000000, "1억 원");
    check_formats(1000000000000, "1조 원");
    check_formats(10000000000000000, "1경 원");
    check_formats(123456789012345, "123조 4,567억 8,901만 2,345원");
    check_formats(1000000000001, "1조 1원");
}

static void formats_the_int64_extremes_without_overflow(void **state)
{
    (void)state;
    check_formats(INT64_MAX, "922경 3,372조 368억 5,477만 5,807원");
    check_formats(INT64_MIN, "-922경 3,372조 368억 5,477만 5,808원");
    check_formats(-15000, "-1만 5,000원");
    check_formats(-300000000000, "-3,000억 원");
}

static void appends_to_what_the_buffer_holds(void **state)
{
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    strbuf_addstr(&sb, "금액: ");
    amount_format(4700000000, &sb);
    strbuf_addch(&sb, ';');
    amount_format_grouped(1234, &sb);
    assert_string_equal(sb.buf, "금액: 47억 원;1,234");
    strbuf_release(&sb);
}

static void groups_digits_in_threes(void **state)
{
    (void)state;
    check_grouped(0, "0");
    check_grouped(7, "7");
    check_grouped(999, "999");
    check_grouped(1000, "1,000");
    check_grouped(1234567, "1,234,567");
    check_grouped(-1234567, "-1,234,567");
    check_grouped(100000, "100,000");
    check_grouped(INT64_MAX, "9,223,372,036,854,775,807");
    check_grouped(INT64_MIN, "-9,223,372,036,854,775,808");
}

static void round_trip_one(int64_t v)
{
    struct strbuf sb = STRBUF_INIT;
    int64_t back = -1;
    enum amount_status st;

    amount_format(v, &sb);
    st = amount_parse(sb.buf, sb.len, &back);
    if (st != AMOUNT_OK || back != v)
        print_error("round trip of %lld via \"%s\" gave status %d value %lld\n",
                    (long long)v, sb.buf, (int)st, (long long)back);
    assert_int_equal(st, AMOUNT_OK);
    assert_true(back == v);
    strbuf_release(&sb);
}

static void round_trips_formatted_values_through_the_parser(void **state)
{
    static const int64_t fixed[] = {
        0, 1, 9, 10, 999, 1000, 9999, 10000, 10001, 15000, 99999999, 100000000,
        100000001, 4700000000, 150050000000, 300000000000, 1200000000000,
        999999999999, 1000000000000, 9999999999999999, 10000000000000000,
        123456789012345, INT64_MAX - 1, INT64_MAX,
    };
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    size_t i;
    int shift;

    (void)state;
    for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        round_trip_one(fixed[i]);
    /* powers of ten and their neighbours */
    for (shift = 0; shift <= 18; shift++) {
        int64_t p = 1;
        int k;
        for (k = 0; k < shift; k++)
            p *= 10;
        round_trip_one(p);
        round_trip_one(p - 1);
        round_trip_one(p + 1);
    }
    /* a deterministic pseudo-random spread over every magnitude */
    for (i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        round_trip_one((int64_t)((x >> 1) >> (i % 63)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_the_dataset_examples),
        cmocka_unit_test(parses_the_dataset_examples),
        cmocka_unit_test(parses_jo_and_eok_with_commas),
        cmocka_unit_test(skips_zero_groups_when_parsing),
        cmocka_unit_test(parses_thousand_hundred_and_ten_forms),
        cmocka_unit_test(accepts_blanks_between_groups_and_around_the_amount),
        cmocka_unit_test(accepts_decimals_that_give_whole_won),
        cmocka_unit_test(rejects_decimals_that_leave_a_fraction_of_won),
        cmocka_unit_test(rejects_decimals_outside_the_last_big_group),
        cmocka_unit_test(rejects_text_outside_the_grammar),
        cmocka_unit_test(reports_overflow_beyond_int64),
        cmocka_unit_test(prefers_syntax_errors_over_overflow),
        cmocka_unit_test(parses_the_largest_int64_exactly),
        cmocka_unit_test(reads_only_the_given_length),
        cmocka_unit_test(formats_every_unit_up_to_gyeong),
        cmocka_unit_test(formats_the_int64_extremes_without_overflow),
        cmocka_unit_test(appends_to_what_the_buffer_holds),
        cmocka_unit_test(groups_digits_in_threes),
        cmocka_unit_test(round_trips_formatted_values_through_the_parser),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
