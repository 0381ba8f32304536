/*
 * test_date.c - unit tests for date.c: strict YYYY-MM-DD parsing, calendar
 * arithmetic, and due dates derived from Korean deadline wording.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "xalloc.h"

#define LAST_DAY 3652058L   /* 9999-12-31 */

static struct date ymd(int y, int m, int d)
{
    struct date r;
    r.year = y;
    r.month = m;
    r.day = d;
    return r;
}

static enum date_status parse(const char *s, struct date *out)
{
    size_t len = strlen(s);
    char *copy = xmalloc(len);
    enum date_status st;

    memcpy(copy, s, len);
    st = date_parse(copy, len, out);
    free(copy);
    return st;
}

static struct date must_parse(const char *s)
{
    struct date d = { 0, 0, 0 };
    assert_int_equal(parse(s, &d), DATE_OK);
    return d;
}

static void check_status(const char *s, enum date_status want)
{
    struct date d = { 7, 7, 7 };
    enum date_status st = parse(s, &d);

    if (st != want)
        print_error("date_parse(\"%s\") = %d, want %d\n", s, (int)st, (int)want);
    assert_int_equal(st, want);
    if (st != DATE_OK)
        assert_int_equal(date_cmp(d, ymd(7, 7, 7)), 0);
}

static void check_format(struct date d, const char *want)
{
    char buf[11];
    date_format(d, buf);
    assert_string_equal(buf, want);
}

/*
 * Derive a due date from 'text' (copied without a NUL) for a meeting on
 * 'meeting'; 'want_rule' may be NULL when only the date matters.
 */
static void check_due(const char *text, const char *meeting, const char *want,
                      const char *want_rule)
{
    size_t len = strlen(text);
    char *copy = xmalloc(len ? len : 1);
    struct date due = { 0, 0, 0 };
    const char *rule = NULL;
    char got[11] = "none";
    int rc;

    memcpy(copy, text, len);
    rc = date_from_timeline(copy, len, must_parse(meeting), &due, &rule);
    free(copy);
    if (rc == 0)
        date_format(due, got);
    if (rc != 0 || strcmp(got, want) != 0
        || (want_rule && (!rule || strcmp(rule, want_rule) != 0)))
        print_error("\"%s\" at %s: rc %d, due %s, rule \"%s\"; want %s \"%s\"\n", text,
                    meeting, rc, got, rule ? rule : "(none)", want,
                    want_rule ? want_rule : "");
    assert_int_equal(rc, 0);
    assert_string_equal(got, want);
    assert_non_null(rule);
    if (want_rule)
        assert_string_equal(rule, want_rule);
}

static void check_no_due(const char *text, const char *meeting)
{
    size_t len = strlen(text);
    char *copy = xmalloc(len ? len : 1);
    struct date due = { 1, 2, 3 };
    const char *rule = "untouched";
    int rc;

    memcpy(copy, text, len);
    rc = date_from_timeline(copy, len, must_parse(meeting), &due, &rule);
    free(copy);
    if (rc != -1)
        print_error("\"%s\" at %s unexpectedly matched \"%s\"\n", text, meeting, rule);
    assert_int_equal(rc, -1);
    assert_int_equal(date_cmp(due, ymd(1, 2, 3)), 0);
    assert_string_equal(rule, "untouched");
}

static void check_end_of_month(struct date d, int months_ahead, const char *want)
{
    check_format(date_end_of_month(d, months_ahead), want);
}

/* ---- parsing and calendar ------------------------------------------------ */

static void parses_well_formed_dates(void **state)
{
    struct date d;

    (void)state;
    d = must_parse("2024-11-06");
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 11);
    assert_int_equal(d.day, 6);
    d = must_parse("0001-01-01");
    assert_int_equal(date_cmp(d, ymd(1, 1, 1)), 0);
    d = must_parse("9999-12-31");
    assert_int_equal(date_cmp(d, ymd(9999, 12, 31)), 0);
}

static void rejects_text_that_is_not_yyyy_mm_dd(void **state)
{
    static const char *const bad[] = {
        "", "2024-2-3", "2024-02-3", "24-02-03", "2024-02-03x", " 2024-02-03",
        "2024-02-03 ", "+2024-02-03", "-2024-02-03", "+024-02-03", "-024-02-03",
        "2024/02/03", "20240203", "2024-02-0a", "2024--2-03", "2024-+2-03",
        "２０２４-02-03", "2024-02-03T00:00", "10000-01-01",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_status(bad[i], DATE_SYNTAX);
}

static void rejects_well_formed_dates_not_on_the_calendar(void **state)
{
    static const char *const bad[] = {
        "0000-01-01", "2024-02-30", "2024-13-01", "2024-00-10", "2024-01-00",
        "2024-04-31", "2023-02-29", "1900-02-29", "2100-02-29", "2024-12-32",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_status(bad[i], DATE_INVALID);
}

static void accepts_leap_days_only_in_leap_years(void **state)
{
    (void)state;
    check_status("2024-02-29", DATE_OK);
    check_status("2000-02-29", DATE_OK);
    check_status("2400-02-29", DATE_OK);
    check_status("2023-02-29", DATE_INVALID);
    check_status("1900-02-29", DATE_INVALID);
}

static void knows_leap_years(void **state)
{
    (void)state;
    assert_true(date_is_leap(2024));
    assert_true(date_is_leap(2000));
    assert_true(date_is_leap(2400));
    assert_true(date_is_leap(4));
    assert_false(date_is_leap(2023));
    assert_false(date_is_leap(1900));
    assert_false(date_is_leap(2100));
    assert_false(date_is_leap(1));
}

static void counts_the_days_in_each_month(void **state)
{
    static const int common[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int m;

    (void)state;
    for (m = 1; m <= 12; m++) {
        assert_int_equal(date_days_in_month(2023, m), common[m - 1]);
        assert_int_equal(date_days_in_month(2024, m), m == 2 ? 29 : common[m - 1]);
    }
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(2024, 0), 0);
    assert_int_equal(date_days_in_month(2024, 13), 0);
}

static void validates_dates_within_years_one_to_9999(void **state)
{
    (void)state;
    assert_true(date_valid(1, 1, 1));
    assert_true(date_valid(9999, 12, 31));
    assert_true(date_valid(2024, 2, 29));
    assert_false(date_valid(0, 1, 1));
    assert_false(date_valid(10000, 1, 1));
    assert_false(date_valid(2024, 2, 30));
    assert_false(date_valid(2024, 6, 31));
    assert_false(date_valid(2024, 1, 0));
    assert_false(date_valid(-4, 2, 29));
}

static void numbers_days_from_the_first_of_january_of_year_one(void **state)
{
    (void)state;
    assert_int_equal(date_to_days(ymd(1, 1, 1)), 0);
    assert_int_equal(date_to_days(ymd(1, 1, 2)), 1);
    assert_int_equal(date_to_days(ymd(1, 12, 31)), 364);
    assert_int_equal(date_to_days(ymd(1970, 1, 1)), 719162);
    assert_int_equal(date_to_days(ymd(2000, 2, 29)), 730178);
    assert_int_equal(date_to_days(ymd(2024, 11, 6)), 739195);
    assert_int_equal(date_to_days(ymd(9999, 12, 31)), LAST_DAY);
    assert_int_equal(date_to_days(ymd(2024, 3, 1)) - date_to_days(ymd(2024, 2, 28)), 2);
    assert_int_equal(date_to_days(ymd(2023, 3, 1)) - date_to_days(ymd(2023, 2, 28)), 1);
}

static void round_trips_every_day_from_year_one_to_9999(void **state)
{
    struct date prev = ymd(1, 1, 1);
    long n;

    (void)state;
    assert_int_equal(date_cmp(date_from_days(0), prev), 0);
    for (n = 1; n <= LAST_DAY; n++) {
        struct date d = date_from_days(n);
        if (!date_valid(d.year, d.month, d.day) || date_to_days(d) != n
            || date_cmp(prev, d) >= 0)
            fail_msg("day %ld gave %d-%d-%d", n, d.year, d.month, d.day);
        /* consecutive: same month and next day, or the first of the next month */
        if (d.day != 1) {
            assert_int_equal(d.year, prev.year);
            assert_int_equal(d.month, prev.month);
            assert_int_equal(d.day, prev.day + 1);
        } else {
            assert_int_equal(prev.day, date_days_in_month(prev.year, prev.month));
        }
        prev = d;
    }
    assert_int_equal(date_cmp(prev, ymd(9999, 12, 31)), 0);
}

static void clamps_day_numbers_outside_the_calendar(void **state)
{
    (void)state;
    assert_int_equal(date_cmp(date_from_days(-1), ymd(1, 1, 1)), 0);
    assert_int_equal(date_cmp(date_from_days(LAST_DAY + 1), ymd(9999, 12, 31)), 0);
}

static void compares_dates_like_strcmp(void **state)
{
    (void)state;
    assert_true(date_cmp(ymd(2024, 1, 1), ymd(2024, 1, 2)) < 0);
    assert_true(date_cmp(ymd(2024, 2, 1), ymd(2024, 1, 31)) > 0);
    assert_true(date_cmp(ymd(2023, 12, 31), ymd(2024, 1, 1)) < 0);
    assert_int_equal(date_cmp(ymd(2024, 11, 6), ymd(2024, 11, 6)), 0);
}

static void formats_dates_with_zero_padding(void **state)
{
    (void)state;
    check_format(ymd(1, 1, 1), "0001-01-01");
    check_format(ymd(2024, 11, 6), "2024-11-06");
    check_format(ymd(9999, 12, 31), "9999-12-31");
}

static void finds_the_end_of_a_month_some_months_ahead(void **state)
{
    (void)state;
    check_end_of_month(ymd(2024, 2, 10), 0, "2024-02-29");
    check_end_of_month(ymd(2023, 2, 10), 0, "2023-02-28");
    check_end_of_month(ymd(2024, 1, 31), 1, "2024-02-29");
    check_end_of_month(ymd(2024, 12, 15), 1, "2025-01-31");
    check_end_of_month(ymd(2024, 11, 6), 14, "2026-01-31");
    check_end_of_month(ymd(2024, 1, 6), -1, "2023-12-31");
    check_end_of_month(ymd(2024, 3, 6), -25, "2022-02-28");
}

/* ---- deadline wording -------------------------------------------------- */

/* The rule names date_from_timeline reports, as a text dump shows them. */
#define R_YEONNAE    "연내 → 12월 31일"
#define R_YEONMAL    "연말 → 12월 31일"
#define R_THIS_END   "올해 (안·말·중) → 12월 31일"
#define R_H1         "상반기 → 6월 30일"
#define R_H2         "하반기 → 12월 31일"
#define R_THIS_MONTH "이번 달 → 월말"
#define R_NEXT_MONTH "다음 달 → 다음 달 말일"
#define R_NEXT_END   "내년 → 다음 해 12월 31일"
#define R_NEXT_H1    "내년 상반기 → 다음 해 6월 30일"
#define R_NEXT_H2    "내년 하반기 → 다음 해 12월 31일"
#define R_NEXT_Q     "내년 N분기 → 다음 해 분기 말일"
#define R_NEXT_M     "내년 M월 → 다음 해 그달 말일"
#define R_NEXT_D     "내년 M월 D일 → 다음 해 그날"
#define R_QUARTER    "N분기 → 그 분기 말일"
#define R_MONTH      "M월 → 그달 말일 (지난 달이면 다음 해)"
#define R_DAY        "M월 D일 → 그날 (지났으면 다음 해)"
#define R_YEARS      "N년간 → 회의일로부터 N년 뒤의 전날"
#define R_MONTHS     "N개월간 → 회의일로부터 N개월 뒤의 전날"
#define R_Y_END      "YYYY년 (까지·말) → 그해 12월 31일"
#define R_Y_H1       "YYYY년 상반기 → 그해 6월 30일"
#define R_Y_H2       "YYYY년 하반기 → 그해 12월 31일"
#define R_Y_Q        "YYYY년 N분기 → 그 분기 말일"
#define R_Y_M        "YYYY년 M월 → 그달 말일"
#define R_Y_D        "YYYY년 M월 D일 → 그날"

static void reads_yeonnae_and_yeonmal_as_the_end_of_the_year(void **state)
{
    (void)state;
    check_due("연내", "2024-11-06", "2024-12-31", R_YEONNAE);
    check_due("연내 출시", "2024-03-02", "2024-12-31", R_YEONNAE);
    check_due("서비스를 연내에 확대", "2024-03-02", "2024-12-31", NULL);
    check_due("연말", "2024-11-06", "2024-12-31", R_YEONMAL);
    check_due("연말까지", "2024-01-15", "2024-12-31", R_YEONMAL);
}

static void reads_this_year_wording_as_the_end_of_the_year(void **state)
{
    static const char *const texts[] = {
        "올해 안으로", "올해 안", "올해안으로 출시", "올해 말", "올해 말까지", "올해 중",
        "금년 중", "올해 연말까지",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_due(texts[i], "2024-11-06", "2024-12-31", R_THIS_END);
    check_due("올해 상반기", "2024-02-01", "2024-06-30", "올해 상반기 → 6월 30일");
    check_due("올해 하반기 중", "2024-02-01", "2024-12-31", "올해 하반기 → 12월 31일");
    check_due("올해 3분기", "2024-02-01", "2024-09-30", "올해 N분기 → 분기 말일");
    check_due("올해 2월", "2024-11-06", "2024-02-29", "올해 M월 → 그달 말일");
}

static void reads_the_first_half_as_the_thirtieth_of_june(void **state)
{
    static const char *const texts[] = {
        "상반기", "상반기 중", "상반기까지", "상반기 내", "상반기중 시작",
        "상반기에 도입",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_due(texts[i], "2024-03-14", "2024-06-30", R_H1);
    /* said after June: the coming first half */
    check_due("상반기 중", "2024-11-06", "2025-06-30",
              "상반기 → 다음 해 6월 30일 (지난 상반기)");
}

static void reads_the_second_half_as_the_end_of_the_year(void **state)
{
    (void)state;
    check_due("하반기", "2024-03-14", "2024-12-31", R_H2);
    check_due("하반기 중 출시", "2024-03-14", "2024-12-31", R_H2);
}

static void reads_this_month_as_the_end_of_the_meetings_month(void **state)
{
    static const char *const texts[] = {
        "이번 달", "이번달", "이달", "이번달 안에", "이달 중", "이달 말까지", "금월 중",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_due(texts[i], "2024-11-06", "2024-11-30", R_THIS_MONTH);
    check_due("이번 달", "2024-02-10", "2024-02-29", R_THIS_MONTH);
    check_due("이번 달", "2023-02-10", "2023-02-28", R_THIS_MONTH);
    check_due("이달", "2024-12-31", "2024-12-31", R_THIS_MONTH);
}

static void reads_next_month_as_the_end_of_the_following_month(void **state)
{
    static const char *const texts[] = {
        "다음 달", "다음달", "내달", "내달 중", "다음 달까지", "익월",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_due(texts[i], "2024-11-06", "2024-12-31", R_NEXT_MONTH);
    check_due("다음 달", "2024-12-15", "2025-01-31", R_NEXT_MONTH);
    check_due("내달", "2024-01-31", "2024-02-29", R_NEXT_MONTH);
    check_due("다음달 중", "2023-01-05", "2023-02-28", R_NEXT_MONTH);
}

static void reads_next_year_wording_in_the_following_year(void **state)
{
    (void)state;
    check_due("내년", "2024-11-06", "2025-12-31", R_NEXT_END);
    check_due("내년 말", "2024-11-06", "2025-12-31", R_NEXT_END);
    check_due("내년 중", "2024-11-06", "2025-12-31", R_NEXT_END);
    check_due("내년에 전국 100여 개 시장 지원", "2024-11-06", "2025-12-31", NULL);
    check_due("내년 상반기", "2024-11-06", "2025-06-30", R_NEXT_H1);
    check_due("내년 상반기 내", "2024-11-06", "2025-06-30", R_NEXT_H1);
    check_due("내년상반기에", "2024-11-06", "2025-06-30", R_NEXT_H1);
    check_due("내년도 상반기", "2024-11-06", "2025-06-30", R_NEXT_H1);
    check_due("다음 해 상반기", "2024-11-06", "2025-06-30", R_NEXT_H1);
    check_due("내년 하반기", "2024-11-06", "2025-12-31", R_NEXT_H2);
    check_due("내년 1분기", "2024-11-06", "2025-03-31", R_NEXT_Q);
    check_due("내년 3월", "2024-11-06", "2025-03-31", R_NEXT_M);
    check_due("내년 2월 말", "2023-11-06", "2024-02-29", R_NEXT_M);
    check_due("내년 3월 15일까지", "2024-11-06", "2025-03-15",
              R_NEXT_D);
}

static void reads_quarters_as_the_end_of_the_quarter(void **state)
{
    (void)state;
    check_due("1분기", "2024-01-10", "2024-03-31", R_QUARTER);
    check_due("2분기 중", "2024-01-10", "2024-06-30", R_QUARTER);
    check_due("3분기까지", "2024-01-10", "2024-09-30", R_QUARTER);
    check_due("4분기", "2024-01-10", "2024-12-31", R_QUARTER);
    check_due("1분기 중", "2024-11-06", "2025-03-31",
              "N분기 → 다음 해 그 분기 말일 (지난 분기)");
    check_due("3/4분기", "2024-01-10", "2024-09-30", R_QUARTER);
    check_no_due("5분기", "2024-01-10");
}

static void reads_a_month_as_its_last_day_rolling_into_next_year(void **state)
{
    (void)state;
    check_due("12월 중", "2024-11-06", "2024-12-31", R_MONTH);
    check_due("11월까지", "2024-11-06", "2024-11-30", R_MONTH);
    check_due("3월 말", "2024-11-06", "2025-03-31", R_MONTH);
    check_due("2월", "2024-01-10", "2024-02-29", R_MONTH);
    check_due("12월 20일까지", "2024-11-06", "2024-12-20", R_DAY);
    check_due("11월 1일", "2024-11-06", "2025-11-01", R_DAY);
    check_due("11월 6일", "2024-11-06", "2024-11-06", R_DAY);
    /* an impossible day falls back to the end of the month */
    check_due("2월 30일", "2024-01-10", "2024-02-29", R_MONTH);
    check_no_due("13월", "2024-01-10");
}

static void reads_periods_as_the_day_before_the_anniversary(void **state)
{
    (void)state;
    check_due("향후 5년간", "2024-11-06", "2029-11-05", R_YEARS);
    check_due("5년간", "2024-11-06", "2029-11-05", R_YEARS);
    check_due("5년 간", "2024-11-06", "2029-11-05", R_YEARS);
    check_due("3년 동안", "2024-11-06", "2027-11-05", R_YEARS);
    check_due("향후 3년", "2024-11-06", "2027-11-05", R_YEARS);
    check_due("1년간", "2024-01-01", "2024-12-31", R_YEARS);
    check_due("6개월간", "2024-11-06", "2025-05-05",
              R_MONTHS);
    check_due("향후 12개월", "2024-11-06", "2025-11-05",
              R_MONTHS);
    /* a missing anniversary day ends the period on the last day of that month */
    check_due("1년간", "2024-02-29", "2025-02-28", NULL);
    check_due("4년간", "2024-02-29", "2028-02-28", NULL);
    check_due("1개월간", "2024-01-31", "2024-02-29", NULL);
    check_due("1개월 동안", "2024-01-29", "2024-02-28", NULL);
    check_no_due("0년간", "2024-11-06");
}

static void reads_an_explicit_year_and_its_period(void **state)
{
    (void)state;
    check_due("2025년까지", "2024-11-06", "2025-12-31", R_Y_END);
    check_due("2025년 말", "2024-11-06", "2025-12-31", R_Y_END);
    check_due("2025년도", "2024-11-06", "2025-12-31", R_Y_END);
    check_due("2025년 상반기", "2024-11-06", "2025-06-30", R_Y_H1);
    check_due("2026년 하반기", "2024-11-06", "2026-12-31", R_Y_H2);
    check_due("2025년 2분기", "2024-11-06", "2025-06-30", R_Y_Q);
    check_due("2028년 2월", "2024-11-06", "2028-02-29", R_Y_M);
    check_due("2025년 3월 15일까지", "2024-11-06", "2025-03-15", R_Y_D);
    check_no_due("0000년까지", "2024-11-06");
}

static void prefers_the_more_specific_wording(void **state)
{
    (void)state;
    /* "내년 상반기" contains "상반기" but names the next year */
    check_due("내년 상반기 중", "2024-11-06", "2025-06-30", R_NEXT_H1);
    /* a year word beats this month, which beats a month name and the halves */
    check_due("이번 달 착수, 내년 상반기 완료", "2024-11-06", "2025-06-30", NULL);
    check_due("이번 달 시작해 상반기까지", "2024-03-06", "2024-03-31", R_THIS_MONTH);
    check_due("상반기 시범 운영 후 연내 확대", "2024-03-06", "2024-06-30",
              R_H1);
    /* a period beats the year it starts in */
    check_due("내년부터 3년간", "2024-11-06", "2027-11-05", NULL);
    /* an explicit year beats a relative one */
    check_due("2026년 상반기, 늦어도 내년 말", "2024-11-06", "2026-06-30", NULL);
}

static void treats_a_year_followed_by_butu_as_a_start(void **state)
{
    (void)state;
    check_no_due("올해부터", "2024-11-06");
    check_no_due("내년부터 시행", "2024-11-06");
    check_due("올해부터 시범, 내년 상반기 확대", "2024-11-06", "2025-06-30", NULL);
    check_due("2025년부터 하반기", "2024-11-06", "2024-12-31", R_H2);
}

static void ignores_keys_inside_other_words(void **state)
{
    (void)state;
    check_no_due("공연내용 개선", "2024-11-06");
    check_no_due("차이달러 환전", "2024-11-06");
    check_no_due("이달라진 제도", "2024-11-06");
    check_no_due("내달려 가다", "2024-11-06");
    check_no_due("다음 달러 환율", "2024-11-06");
    check_no_due("5년 간담회", "2024-11-06");
    check_no_due("3개월 내 도입", "2024-11-06");
}

static void returns_minus_one_for_unknown_wording(void **state)
{
    static const char *const texts[] = {
        "", "추후 협의", "조속히", "즉시", "단계적으로", "미정", "중소상공인 지원",
        "2024-12-31", "중", "말",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_no_due(texts[i], "2024-11-06");
}

static void gives_up_outside_years_one_to_9999(void **state)
{
    (void)state;
    check_no_due("내년", "9999-06-01");
    check_no_due("다음 달", "9999-12-01");
    check_no_due("향후 5년간", "9998-01-01");
    check_due("이번 달", "9999-12-01", "9999-12-31", NULL);
}

static void reads_only_the_given_length_of_text(void **state)
{
    const char *text = "상반기 중";
    struct date due;
    const char *rule;

    (void)state;
    assert_int_equal(date_from_timeline(text, 6, ymd(2024, 1, 1), &due, &rule), -1);
    assert_int_equal(date_from_timeline(text, 9, ymd(2024, 1, 1), &due, &rule), 0);
    assert_int_equal(date_cmp(due, ymd(2024, 6, 30)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_well_formed_dates),
        cmocka_unit_test(rejects_text_that_is_not_yyyy_mm_dd),
        cmocka_unit_test(rejects_well_formed_dates_not_on_the_calendar),
        cmocka_unit_test(accepts_leap_days_only_in_leap_years),
        cmocka_unit_test(knows_leap_years),
        cmocka_unit_test(counts_the_days_in_each_month),
        cmocka_unit_test(validates_dates_within_years_one_to_9999),
        cmocka_unit_test(numbers_days_from_the_first_of_january_of_year_one),
        cmocka_unit_test(round_trips_every_day_from_year_one_to_9999),
        cmocka_unit_test(clamps_day_numbers_outside_the_calendar),
        cmocka_unit_test(compares_dates_like_strcmp),
        cmocka_unit_test(formats_dates_with_zero_padding),
        cmocka_unit_test(finds_the_end_of_a_month_some_months_ahead),
        cmocka_unit_test(reads_yeonnae_and_yeonmal_as_the_end_of_the_year),
        cmocka_unit_test(reads_this_year_wording_as_the_end_of_the_year),
        cmocka_unit_test(reads_the_first_half_as_the_thirtieth_of_june),
        cmocka_unit_test(reads_the_second_half_as_the_end_of_the_year),
        cmocka_unit_test(reads_this_month_as_the_end_of_the_meetings_month),
        cmocka_unit_test(reads_next_month_as_the_end_of_the_following_month),
        cmocka_unit_test(reads_next_year_wording_in_the_following_year),
        cmocka_unit_test(reads_quarters_as_the_end_of_the_quarter),
        cmocka_unit_test(reads_a_month_as_its_last_day_rolling_into_next_year),
        cmocka_unit_test(reads_periods_as_the_day_before_the_anniversary),
        cmocka_unit_test(reads_an_explicit_year_and_its_period),
        cmocka_unit_test(prefers_the_more_specific_wording),
        cmocka_unit_test(treats_a_year_followed_by_butu_as_a_start),
        cmocka_unit_test(ignores_keys_inside_other_words),
        cmocka_unit_test(returns_minus_one_for_unknown_wording),
        cmocka_unit_test(gives_up_outside_years_one_to_9999),
        cmocka_unit_test(reads_only_the_given_length_of_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
