/*
 * date.h - calendar dates (proleptic Gregorian) and the derivation of a due
 * date from Korean deadline wording ("연내", "상반기 중", "내년 말").
 *
 * Pure functions; used by dataset validation, aggregation and the outputs.
 */
#ifndef RG_DATE_H
#define RG_DATE_H

#include <stddef.h>

struct date {
    int year;   /* 1..9999 */
    int month;  /* 1..12 */
    int day;    /* 1..days in month */
};

enum date_status {
    DATE_OK = 0,
    DATE_SYNTAX = -1,  /* not YYYY-MM-DD */
    DATE_INVALID = -2  /* well-formed but not a calendar date (2024-02-30, 0000-01-01) */
};

/* Parse exactly "YYYY-MM-DD" ('len' bytes, nothing before or after). */
enum date_status date_parse(const char *s, size_t len, struct date *out);
int date_is_leap(int year);
int date_days_in_month(int year, int month);
/* 1 if y-m-d is a real date with 1 <= year <= 9999. */
int date_valid(int year, int month, int day);
/* Days since 0001-01-01 (that day is 0); monotonic, for comparisons and spans. */
long date_to_days(struct date d);
/* The inverse; day numbers outside 0001-01-01..9999-12-31 are clamped to it. */
struct date date_from_days(long days);
/* <0, 0, >0 like strcmp. */
int date_cmp(struct date a, struct date b);
/* Write "YYYY-MM-DD" and a NUL into 'out' (11 bytes). */
void date_format(struct date d, char out[11]);
/*
 * Last day of the month that is 'months_ahead' (may be negative) months after
 * d's month.  Near the ends of the calendar the result can fall outside years
 * 1..9999; check it with date_valid when that matters.
 */
struct date date_end_of_month(struct date d, int months_ahead);

/*
 * Derive a due date from the source's deadline wording 'text' ('len' bytes,
 * NFC UTF-8) and the meeting date.  On success returns 0, stores the date in
 * '*due' and a static description of the rule that matched in '*rule'
 * (for example "연내 → 12월 31일").  Returns -1 when no rule matches; '*due'
 * and '*rule' are then untouched, as they are when 'meeting' is not a valid
 * date or the derived date would fall outside years 1..9999.  The rules and
 * their precedence are documented at the top of date.c and tested in
 * tests/unit/test_date.c.
 */
int date_from_timeline(const char *text, size_t len, struct date meeting,
                       struct date *due, const char **rule);

#endif /* RG_DATE_H */
