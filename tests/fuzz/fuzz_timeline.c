/*
 * fuzz_timeline.c - libFuzzer target for calendar dates and deadline
 * wording.  The first four bytes give a meeting date (often an impossible
 * one), the rest is the wording, normalised to NFC as the dataset loader
 * does.  date_from_timeline must give a real date and a rule, or leave its
 * outputs untouched; date_parse must agree with date_valid and date_format.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "date.h"
#include "fuzz_common.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_parse(const char *s, size_t len)
{
    struct date d = { -7, -7, -7 };
    enum date_status st = date_parse(s, len, &d);

    FUZZ_CHECK(st == DATE_OK || st == DATE_SYNTAX || st == DATE_INVALID, "status %d",
               (int)st);
    if (st == DATE_OK) {
        char out[11];
        FUZZ_CHECK(date_valid(d.year, d.month, d.day), "parsed %d-%d-%d", d.year, d.month,
                   d.day);
        date_format(d, out);
        FUZZ_CHECK(len == 10 && memcmp(out, s, 10) == 0, "'%.*s' formats back as '%s'",
                   (int)len, s, out);
        FUZZ_CHECK(date_cmp(date_from_days(date_to_days(d)), d) == 0,
                   "%s does not survive days and back", out);
    }
}

/* Calendar functions on the (possibly impossible) date 'm'. */
static void check_calendar(struct date m, int months)
{
    if (date_valid(m.year, m.month, m.day)) {
        long days = date_to_days(m);
        struct date e;
        FUZZ_CHECK(days >= 0 && days <= 3652058L, "%d-%d-%d is day %ld", m.year, m.month,
                   m.day, days);
        FUZZ_CHECK(date_cmp(date_from_days(days), m) == 0, "days and back");
        e = date_end_of_month(m, months);
        if (date_valid(e.year, e.month, e.day))
            FUZZ_CHECK(e.day == date_days_in_month(e.year, e.month),
                       "end of month is %d-%d-%d", e.year, e.month, e.day);
    }
    {
        struct date c = date_from_days((long)m.year * 400 - 80000 + m.month * 31 + m.day);
        FUZZ_CHECK(date_valid(c.year, c.month, c.day), "from_days gave %d-%d-%d", c.year,
                   c.month, c.day);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sentinel_rule[] = "untouched";
    struct date meeting, due = { -1, -1, -1 };
    const char *rule = sentinel_rule;
    const char *text;
    size_t len, nlen = 0;
    uint8_t *norm;
    int months, rc;

    check_parse((const char *)data, size);
    if (size < 4)
        return 0;
    meeting.year = (data[0] << 8 | data[1]) % 10002;     /* 0..10001 */
    meeting.month = data[2] % 14;                        /* 0..13 */
    meeting.day = data[3] % 33;                          /* 0..32 */
    months = (int)(int8_t)data[0] * 4;
    check_calendar(meeting, months);
    text = (const char *)data + 4;
    len = size - 4;
    check_parse(text, len);
    if (!utf8_valid(text, len))
        return 0;
    norm = u8_normalize(UNINORM_NFC, (const uint8_t *)text, len, NULL, &nlen);
    if (!norm && len > 0)
        return 0;
    rc = date_from_timeline((const char *)norm, nlen, meeting, &due, &rule);
    if (rc == 0) {
        FUZZ_CHECK(date_valid(meeting.year, meeting.month, meeting.day),
                   "a due date from the impossible meeting date %d-%d-%d", meeting.year,
                   meeting.month, meeting.day);
        FUZZ_CHECK(date_valid(due.year, due.month, due.day), "due %d-%d-%d", due.year,
                   due.month, due.day);
        FUZZ_CHECK(rule && rule != sentinel_rule && utf8_valid(rule, strlen(rule)),
                   "no rule");
    } else {
        FUZZ_CHECK(rc == -1, "returned %d", rc);
        FUZZ_CHECK(due.year == -1 && due.month == -1 && due.day == -1 &&
                       rule == sentinel_rule,
                   "no match but the outputs were changed");
    }
    free(norm);
    return 0;
}
