/*
 * date.c - proleptic Gregorian calendar arithmetic, strict YYYY-MM-DD parsing,
 * and the derivation of a due date from Korean deadline wording ("연내",
 * "상반기 중", "내년 말") relative to the meeting date.
 */

/*
 * Deadline wording (date_from_timeline)
 * -------------------------------------
 * The text is searched for the rules below in this order; the first rule that
 * finds a match anywhere in the text wins, so a more specific wording always
 * beats a shorter one it contains ("내년 상반기" is never read as "상반기").
 * Y is the meeting's year, "end of month" its last day.  In patterns, a space
 * stands for any run of spaces, including none ("이번 달" = "이번달").
 *
 *  1. Periods: "N년간", "N년 간", "N년 동안", "N개월간", "N개월 동안", and
 *     "향후 N년" / "향후 N개월" (N = 1..100 years or 1..1200 months)
 *     -> the day before the same calendar day N years (months) after the
 *     meeting; when that day does not exist (29 February, the 31st) the
 *     period ends on the last day of that month.
 *     2024-11-06 + "향후 5년간" -> 2029-11-05.  A spaced "년 간" must not run
 *     on into a longer word ("5년 간담회"); "5년 간의" and "5년 간에" are fine.
 *  2. An explicit year "YYYY년" (four digits), then what follows it:
 *       상반기 -> YYYY-06-30; 하반기 -> YYYY-12-31; "N분기" or "N/4분기" -> end
 *       of that quarter; "M월" -> end of that month; "M월 D일" -> that day;
 *       anything else ("까지", "말", "중", nothing) -> YYYY-12-31.
 *  3. Next year: "내년", "다음 해", "이듬해", then the same continuations as
 *     in rule 2 for year Y+1: "내년 상반기" -> Jun 30, "내년 하반기" /
 *     "내년 말" / "내년 중" / "내년" -> Dec 31, "내년 2분기" -> Jun 30,
 *     "내년 3월" -> Mar 31.  ("내년 초" is not told apart: Dec 31.)
 *  4. This year: "올해", "금년", then the same continuations for year Y:
 *     "올해 안(으로)", "올해 말", "올해 중" -> Dec 31.
 *     In rules 2-4 an optional "도" may follow the year ("내년도 상반기"), and
 *     a year followed by "부터" ("올해부터") is a start, not a deadline: that
 *     occurrence is skipped.
 *  5. This month: "이번 달", "이달", "금월" -> end of the meeting's month;
 *     next month: "다음 달", "내달", "익월" -> end of the following month
 *     (December rolls over to January 31 of Y+1).
 *  6. "M월 D일" -> that day; "M월" ("3월 중", "3월 말", "3월까지") -> end of
 *     that month; in year Y, or in Y+1 when that day (month) lies before the
 *     meeting's day (month).
 *  7. "N분기" / "N/4분기" (N = 1..4) -> end of that quarter of year Y, or of
 *     Y+1 when that quarter ended before the meeting (a pledge made in
 *     November "1분기 중" means the coming first quarter).
 *  8. "상반기" (중/까지/내) -> Y-06-30, or Y+1-06-30 when the meeting is after
 *     June 30 (as for months and quarters); "하반기" -> Y-12-31.
 *  9. "연내", "연말" (까지) -> Y-12-31.
 *
 * Word keys (everything except the digit forms) must start a word: the
 * character before them is not a Hangul syllable, so "공연내용" does not
 * contain "연내" and "차이달러" does not contain "이달".  Keys ending in 달
 * must not be followed by a syllable beginning with ㄹ ("이달라", "내달려",
 * "다음 달러").  A result outside 0001-01-01..9999-12-31 is no match, and an
 * invalid meeting date matches nothing.
 *
 * The rule names reported through '*rule' are fixed strings meant for a text
 * dump, e.g. "연내 → 12월 31일", "상반기 → 6월 30일", "이번 달 → 월말",
 * "내년 상반기 → 다음 해 6월 30일", "N년간 → 회의일로부터 N년 뒤의 전날".
 */
#include "date.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define DAYS_MAX 3652058L   /* 9999-12-31 */

int date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && date_is_leap(year))
        return 29;
    return days[month - 1];
}

int date_valid(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
           && day <= date_days_in_month(year, month);
}

enum date_status date_parse(const char *s, size_t len, struct date *out)
{
    int v[3] = { 0, 0, 0 };
    size_t i;

    if (!s || len != 10)
        return DATE_SYNTAX;
    for (i = 0; i < 10; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == 4 || i == 7) {
            if (c != '-')
                return DATE_SYNTAX;
            continue;
        }
        if (c < '0' || c > '9')
            return DATE_SYNTAX;
        v[i < 4 ? 0 : i < 7 ? 1 : 2] = v[i < 4 ? 0 : i < 7 ? 1 : 2] * 10 + (c - '0');
    }
    if (!date_valid(v[0], v[1], v[2]))
        return DATE_INVALID;
    out->year = v[0];
    out->month = v[1];
    out->day = v[2];
    return DATE_OK;
}

/*
 * Days are counted from 0000-03-01 internally so that the leap day ends each
 * 400-year era; 0001-01-01 is 306 days after it.
 */
long date_to_days(struct date d)
{
    long y = (long)d.year - (d.month <= 2);
    long m = d.month;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 306;
}

/* Values outside 0001-01-01..9999-12-31 are clamped to that range. */
struct date date_from_days(long days)
{
    struct date d;
    long z, era, doe, yoe, doy, mp, y;

    if (days < 0)
        days = 0;
    if (days > DAYS_MAX)
        days = DAYS_MAX;
    z = days + 306;
    era = z / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(y + (d.month <= 2));
    return d;
}

int date_cmp(struct date a, struct date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

static void put_digits(char *out, int value, int width)
{
    unsigned v = (unsigned)(value < 0 ? -(long)value : value);
    int i;

    for (i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Fields are written modulo their width; valid dates are written exactly. */
void date_format(struct date d, char out[11])
{
    put_digits(out, d.year, 4);
    out[4] = '-';
    put_digits(out + 5, d.month, 2);
    out[7] = '-';
    put_digits(out + 8, d.day, 2);
    out[10] = '\0';
}

/* The result may lie outside years 1..9999 for extreme inputs; see date_valid. */
struct date date_end_of_month(struct date d, int months_ahead)
{
    long total = (long)d.year * 12 + (d.month - 1) + months_ahead;
    long y = total >= 0 ? total / 12 : -((-total + 11) / 12);
    struct date r;

    r.year = (int)y;
    r.month = (int)(total - y * 12 + 1);
    r.day = date_days_in_month(r.year, r.month);
    return r;
}

/* ---- deadline wording ------------------------------------------------------ */

struct text {
    const char *s;
    size_t len;
};

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static size_t skip_spaces(const struct text *t, size_t pos)
{
    while (pos < t->len && is_space((unsigned char)t->s[pos]))
        pos++;
    return pos;
}

/* Match 'pat' at 'pos'; a space in 'pat' matches any run of spaces, even none. */
static int match(const struct text *t, size_t pos, const char *pat, size_t *end)
{
    for (; *pat; pat++) {
        if (*pat == ' ') {
            pos = skip_spaces(t, pos);
            continue;
        }
        if (pos >= t->len || t->s[pos] != *pat)
            return 0;
        pos++;
    }
    *end = pos;
    return 1;
}

static int is_hangul(uint32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* The code point that ends just before 'pos', or 0 at the start. */
static uint32_t cp_before(const struct text *t, size_t pos)
{
    size_t start, used;
    uint32_t cp;

    if (pos == 0)
        return 0;
    start = pos - 1;
    while (start > 0 && pos - start < 4 && ((unsigned char)t->s[start] & 0xC0) == 0x80)
        start--;
    cp = utf8_decode(t->s + start, pos - start, &used);
    return start + used == pos ? cp : 0xFFFD;
}

static uint32_t cp_at(const struct text *t, size_t pos)
{
    size_t used;
    return pos < t->len ? utf8_decode(t->s + pos, t->len - pos, &used) : 0;
}

/* 1 if the syllable at 'pos' begins with ㄹ ("라", "려", "러"). */
static int rieul_at(const struct text *t, size_t pos)
{
    uint32_t cp = cp_at(t, pos);
    return is_hangul(cp) && (cp - 0xAC00) / 588 == 5;
}

/*
 * Find the first occurrence of 'pat' at or after '*pos' that starts a word;
 * on success '*pos' is its start and '*end' its end.
 */
static int find_word(const struct text *t, size_t *pos, const char *pat, size_t *end)
{
    size_t p;

    for (p = *pos; p < t->len; p++) {
        if (t->s[p] != pat[0] || !match(t, p, pat, end))
            continue;
        if (is_hangul(cp_before(t, p)))
            continue;
        *pos = p;
        return 1;
    }
    return 0;
}

/* Like find_word for the first of several patterns in text order. */
static int find_any(const struct text *t, const char *const *pats, size_t *pos,
                    size_t *end)
{
    size_t best = t->len, best_end = 0, i;
    int found = 0;

    for (i = 0; pats[i]; i++) {
        size_t p = *pos, e;
        if (find_word(t, &p, pats[i], &e) && (!found || p < best)) {
            best = p;
            best_end = e;
            found = 1;
        }
    }
    if (found) {
        *pos = best;
        *end = best_end;
    }
    return found;
}

/*
 * Read the ASCII digit run at 'pos' (which must not follow a digit); values
 * above 99999 read as 99999.  Returns the number of digits.
 */
static size_t read_num(const struct text *t, size_t pos, long *val)
{
    size_t n = 0;

    if (pos > 0 && is_digit((unsigned char)t->s[pos - 1]))
        return 0;
    *val = 0;
    while (pos + n < t->len && is_digit((unsigned char)t->s[pos + n])) {
        if (*val < 99999)
            *val = *val * 10 + (t->s[pos + n] - '0');
        if (*val > 99999)
            *val = 99999;
        n++;
    }
    return n;
}

static struct date make_date(int year, int month, int day)
{
    struct date d;
    d.year = year;
    d.month = month;
    d.day = day;
    return d;
}

static int finish(struct date d, const char *name, struct date *due, const char **rule)
{
    if (!date_valid(d.year, d.month, d.day))
        return 0;
    *due = d;
    *rule = name;
    return 1;
}

/* The day before 'd' shifted by 'months' (or the end of a short target month). */
static struct date period_end(struct date d, long months)
{
    struct date end = date_end_of_month(d, (int)months);

    if (d.day <= end.day) {
        end.day = d.day;
        return date_from_days(date_to_days(end) - 1);
    }
    return end;
}

/* Rule 1: "N년간", "N개월 동안", "향후 N년". */
static int rule_period(const struct text *t, struct date m, struct date *due,
                       const char **rule)
{
    static const char *const years_suffix[] = { "년간", "년 동안", "년 간", NULL };
    static const char *const months_suffix[] = { "개월간", "개월 동안", "개월 간", NULL };
    size_t pos;

    for (pos = 0; pos < t->len; pos++) {
        long n, months = 0;
        size_t digits = read_num(t, pos, &n), after, end, i, back;
        int ahead = 0;

        if (digits == 0 || n == 0)
            continue;
        after = pos + digits;
        back = pos;
        while (back > 0 && is_space((unsigned char)t->s[back - 1]))
            back--;
        if (back >= 6 && memcmp(t->s + back - 6, "향후", 6) == 0)
            ahead = 1;
        for (i = 0; years_suffix[i] && !months; i++) {
            if (!match(t, after, years_suffix[i], &end))
                continue;
            if (i == 2 && is_hangul(cp_at(t, end)) && !match(t, end, "의", &end)
                && !match(t, end, "에", &end))
                continue;               /* "5년 간담회" */
            if (n <= 100)
                months = n * 12;
        }
        for (i = 0; months_suffix[i] && !months; i++)
            if (match(t, after, months_suffix[i], &end) && n <= 1200)
                months = n;
        if (!months && ahead) {
            if (match(t, after, "년", &end) && n <= 100)
                months = n * 12;
            else if (match(t, after, "개월", &end) && n <= 1200)
                months = n;
        }
        if (months && m.year + months / 12 <= 9999) {
            const char *name = months % 12 == 0 && !match(t, after, "개월", &end)
                                   ? "N년간 → 회의일로부터 N년 뒤의 전날"
                                   : "N개월간 → 회의일로부터 N개월 뒤의 전날";
            if (finish(period_end(m, months), name, due, rule))
                return 1;
        }
        pos = after;
    }
    return 0;
}

enum period_kind { P_END, P_H1, P_H2, P_QUARTER, P_MONTH, P_DAY, P_FROM };

struct period {
    enum period_kind kind;
    int n;      /* quarter or month */
    int day;
};

/* "N분기" or "N/4분기" at 'pos' with N in 1..4. */
static int read_quarter(const struct text *t, size_t pos, int *q, size_t *end)
{
    long n;
    size_t digits = read_num(t, pos, &n), e;

    if (digits == 0 || n < 1 || n > 4)
        return 0;
    pos += digits;
    if (match(t, pos, "/4", &e))
        pos = e;
    if (!match(t, pos, "분기", end))
        return 0;
    *q = (int)n;
    return 1;
}

/* "M월" at 'pos', then optionally " D일"; 'day' is 0 without one. */
static int read_month(const struct text *t, size_t pos, int *month, int *day, size_t *end)
{
    long n, d;
    size_t digits = read_num(t, pos, &n), e, p;

    if (digits == 0 || n < 1 || n > 12 || !match(t, pos + digits, "월", end))
        return 0;
    *month = (int)n;
    *day = 0;
    p = skip_spaces(t, *end);
    digits = read_num(t, p, &d);
    if (digits > 0 && d >= 1 && d <= 31 && match(t, p + digits, "일", &e)) {
        *day = (int)d;
        *end = e;
    }
    return 1;
}

/* What follows a year word ("내년 상반기", "2025년 3월", "올해 말"). */
static void read_period(const struct text *t, size_t pos, struct period *p)
{
    size_t e;

    p->n = p->day = 0;
    if (match(t, pos, "도", &e))
        pos = e;
    pos = skip_spaces(t, pos);
    if (match(t, pos, "부터", &e))
        p->kind = P_FROM;
    else if (match(t, pos, "상반기", &e))
        p->kind = P_H1;
    else if (match(t, pos, "하반기", &e))
        p->kind = P_H2;
    else if (read_quarter(t, pos, &p->n, &e))
        p->kind = P_QUARTER;
    else if (read_month(t, pos, &p->n, &p->day, &e))
        p->kind = p->day ? P_DAY : P_MONTH;
    else
        p->kind = P_END;
}

/*
 * The date a period of 'year' names; P_DAY with an impossible day falls back
 * to the end of the month.  Returns the kind actually used.
 */
static enum period_kind period_date(const struct period *p, int year, struct date *d)
{
    if (p->kind == P_H1) {
        *d = make_date(year, 6, 30);
        return P_H1;
    }
    if (p->kind == P_QUARTER) {
        *d = make_date(year, p->n * 3, p->n == 1 || p->n == 4 ? 31 : 30);
        return P_QUARTER;
    }
    if (p->kind == P_DAY && date_valid(year, p->n, p->day)) {
        *d = make_date(year, p->n, p->day);
        return P_DAY;
    }
    if (p->kind == P_DAY || p->kind == P_MONTH) {
        *d = make_date(year, p->n, date_days_in_month(year, p->n));
        return P_MONTH;
    }
    *d = make_date(year, 12, 31);
    return p->kind == P_H2 ? P_H2 : P_END;
}

enum year_word { Y_EXPLICIT, Y_NEXT, Y_THIS, Y_COUNT };

static const char *const year_rules[Y_COUNT][P_FROM] = {
    [Y_EXPLICIT] = {
        [P_END] = "YYYY년 (까지·말) → 그해 12월 31일",
        [P_H1] = "YYYY년 상반기 → 그해 6월 30일",
        [P_H2] = "YYYY년 하반기 → 그해 12월 31일",
        [P_QUARTER] = "YYYY년 N분기 → 그 분기 말일",
        [P_MONTH] = "YYYY년 M월 → 그달 말일",
        [P_DAY] = "YYYY년 M월 D일 → 그날",
    },
    [Y_NEXT] = {
        [P_END] = "내년 → 다음 해 12월 31일",
        [P_H1] = "내년 상반기 → 다음 해 6월 30일",
        [P_H2] = "내년 하반기 → 다음 해 12월 31일",
        [P_QUARTER] = "내년 N분기 → 다음 해 분기 말일",
        [P_MONTH] = "내년 M월 → 다음 해 그달 말일",
        [P_DAY] = "내년 M월 D일 → 다음 해 그날",
    },
    [Y_THIS] = {
        [P_END] = "올해 (안·말·중) → 12월 31일",
        [P_H1] = "올해 상반기 → 6월 30일",
        [P_H2] = "올해 하반기 → 12월 31일",
        [P_QUARTER] = "올해 N분기 → 분기 말일",
        [P_MONTH] = "올해 M월 → 그달 말일",
        [P_DAY] = "올해 M월 D일 → 그날",
    },
};

/* Resolve the period after a year word at 'end'; 0 for "부터" or a bad date. */
static int year_period(const struct text *t, size_t end, int year, enum year_word w,
                       struct date *due, const char **rule)
{
    struct period p;
    struct date d;
    enum period_kind used;

    read_period(t, end, &p);
    if (p.kind == P_FROM || year < 1 || year > 9999)
        return 0;
    used = period_date(&p, year, &d);
    return finish(d, year_rules[w][used], due, rule);
}

/* Rule 2: "2025년 ...". */
static int rule_explicit_year(const struct text *t, struct date m, struct date *due,
                              const char **rule)
{
    size_t pos, end;

    (void)m;
    for (pos = 0; pos < t->len; pos++) {
        long y;
        size_t digits = read_num(t, pos, &y);
        if (digits == 4 && match(t, pos + 4, "년", &end)
            && year_period(t, end, (int)y, Y_EXPLICIT, due, rule))
            return 1;
        if (digits)
            pos += digits - 1;
    }
    return 0;
}

/* Rules 3 and 4: a relative year word, then its period. */
static int rule_year_word(const struct text *t, const char *const *words, int offset,
                          enum year_word w, struct date m, struct date *due,
                          const char **rule)
{
    size_t pos = 0, end;

    while (find_any(t, words, &pos, &end)) {
        if (year_period(t, end, m.year + offset, w, due, rule))
            return 1;
        pos = end;
    }
    return 0;
}

static int rule_next_year(const struct text *t, struct date m, struct date *due,
                          const char **rule)
{
    static const char *const words[] = { "내년", "다음 해", "이듬해", NULL };
    return rule_year_word(t, words, 1, Y_NEXT, m, due, rule);
}

static int rule_this_year(const struct text *t, struct date m, struct date *due,
                          const char **rule)
{
    static const char *const words[] = { "올해", "금년", NULL };
    return rule_year_word(t, words, 0, Y_THIS, m, due, rule);
}

/* A month word ending in 달 must not run on into "달라", "달려", "달러". */
static int find_month_word(const struct text *t, const char *const *words)
{
    size_t pos = 0, end;

    while (find_any(t, words, &pos, &end)) {
        size_t n = strlen("달");
        if (!(end >= n && memcmp(t->s + end - n, "달", n) == 0 && rieul_at(t, end)))
            return 1;
        pos = end;
    }
    return 0;
}

/* Rule 5: "이번 달" and "다음 달". */
static int rule_relative_month(const struct text *t, struct date m, struct date *due,
                               const char **rule)
{
    static const char *const this_month[] = { "이번 달", "이달", "금월", NULL };
    static const char *const next_month[] = { "다음 달", "내달", "익월", NULL };

    if (find_month_word(t, this_month))
        return finish(date_end_of_month(m, 0), "이번 달 → 월말", due, rule);
    if (find_month_word(t, next_month))
        return finish(date_end_of_month(m, 1), "다음 달 → 다음 달 말일", due, rule);
    return 0;
}

/* Rule 6: "M월 D일", "M월 (중·말·까지)" in the meeting's year or the next. */
static int rule_month(const struct text *t, struct date m, struct date *due,
                      const char **rule)
{
    size_t pos, end;

    for (pos = 0; pos < t->len; pos++) {
        int month, day;
        struct period p;
        struct date d;
        enum period_kind used;
        int year = m.year;

        if (!read_month(t, pos, &month, &day, &end))
            continue;
        if (month < m.month || (month == m.month && day && day < m.day))
            year++;
        p.kind = day ? P_DAY : P_MONTH;
        p.n = month;
        p.day = day;
        used = period_date(&p, year, &d);
        return finish(d, used == P_DAY ? "M월 D일 → 그날 (지났으면 다음 해)"
                                       : "M월 → 그달 말일 (지난 달이면 다음 해)",
                      due, rule);
    }
    return 0;
}

/* Rule 7: "N분기". */
static int rule_quarter(const struct text *t, struct date m, struct date *due,
                        const char **rule)
{
    size_t pos, end;

    for (pos = 0; pos < t->len; pos++) {
        int q;
        struct period p;
        struct date d;

        if (!read_quarter(t, pos, &q, &end))
            continue;
        p.kind = P_QUARTER;
        p.n = q;
        p.day = 0;
        period_date(&p, m.year, &d);
        if (date_cmp(d, m) < 0) {
            period_date(&p, m.year + 1, &d);
            return finish(d, "N분기 → 다음 해 그 분기 말일 (지난 분기)", due, rule);
        }
        return finish(d, "N분기 → 그 분기 말일", due, rule);
    }
    return 0;
}

/* Rules 8 and 9: halves of the year, then 연내 and 연말. */
static int rule_rest_of_year(const struct text *t, struct date m, struct date *due,
                             const char **rule)
{
    static const struct {
        const char *word;
        int month, day;
        const char *name;
    } words[] = {
        { "상반기", 6, 30, "상반기 → 6월 30일" },
        { "하반기", 12, 31, "하반기 → 12월 31일" },
        { "연내", 12, 31, "연내 → 12월 31일" },
        { "연말", 12, 31, "연말 → 12월 31일" },
    };
    size_t i;

    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t pos = 0, end;
        struct date d;
        if (!find_word(t, &pos, words[i].word, &end))
            continue;
        d = make_date(m.year, words[i].month, words[i].day);
        if (date_cmp(d, m) < 0) /* only 상반기 can lie before the meeting */
            return finish(make_date(m.year + 1, words[i].month, words[i].day),
                          "상반기 → 다음 해 6월 30일 (지난 상반기)", due, rule);
        return finish(d, words[i].name, due, rule);
    }
    return 0;
}

int date_from_timeline(const char *text, size_t len, struct date meeting,
                       struct date *due, const char **rule)
{
    static int (*const rules[])(const struct text *, struct date, struct date *,
                                const char **) = {
        rule_period, rule_explicit_year, rule_next_year, rule_this_year,
        rule_relative_month, rule_month, rule_quarter, rule_rest_of_year,
    };
    struct text t;
    struct date d;
    const char *name;
    size_t i;

    if (!text || !date_valid(meeting.year, meeting.month, meeting.day))
        return -1;
    t.s = text;
    t.len = len;
    for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (rules[i](&t, meeting, &d, &name)) {
            *due = d;
            *rule = name;
            return 0;
        }
    }
    return -1;
}
