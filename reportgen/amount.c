/*
 * amount.c - exact Korean money amounts: parse "1조 2,000억 원" into int64 KRW with
 * integer arithmetic only (no floating point), and format KRW back into the
 * grouped display form "1조 2,000억 원" used by every output.
 */
#include "amount.h"

#include <string.h>

#include "strbuf.h"

/*
 * Grammar accepted by amount_parse (SP is an ASCII space or tab, optional
 * wherever it appears; nothing else may surround or separate the parts):
 *
 *     amount  = SP* group (SP* group)* SP* ["원" SP*]
 *     group   = coef big             with big in 경 조 억 만 (10^16 10^12 10^8 10^4)
 *             | coef                 the ones group; it must be the last group
 *     coef    = number               plain number, see below
 *             | [d]천 [d]백 [d]십 [n] any non-empty subset in this order; d is a
 *                                    single digit 1-9 (omitted means 1), n is a
 *                                    plain integer below the smallest unit used
 *     number  = digits [ "." digits ]
 *     digits  = [0-9]+ without a leading zero, or groups of three after a first
 *               group of one to three digits: "1,234,567"
 *
 * Further rules:
 *   - big units appear at most once each and in decreasing order (경 > 조 > 억 >
 *     만 > ones); "1억 1조" and "1억1억" are rejected;
 *   - every group except the first has a coefficient below 10,000 ("1억 5,000만"
 *     is fine, "1억 15,000만" would count the same 억 twice and is rejected); the
 *     first group may be larger ("15,000만 원", "12,000억 원");
 *   - every coefficient is non-zero; only the whole amount "0" / "0원" is zero;
 *   - a decimal number may stand only directly before a big unit, only in the
 *     last group, and only when the result is a whole number of won: "1.5조 원"
 *     and "2.5억" are accepted, "1.00005만원" (10000.5 won) is rejected;
 *   - "원" is optional and may appear once, at the end.
 * Rejected with AMOUNT_SYNTAX: empty input, words ("약", "이상"), ranges, signs,
 * exponents, full-width digits, a unit with no number before it ("억원"), bad
 * comma grouping ("1,00억"), anything after "원".  A well-formed amount above
 * INT64_MAX (including digit strings too long for 64 bits) is AMOUNT_OVERFLOW.
 */

#define KRW_MAX ((uint64_t)INT64_MAX)

struct unit {
    const char *utf8;  /* three bytes of UTF-8 */
    int exp;           /* power of ten */
};

static const struct unit big_units[] = {
    { "경", 16 }, { "조", 12 }, { "억", 8 }, { "만", 4 },
};

static const struct unit sub_units[] = {
    { "천", 3 }, { "백", 2 }, { "십", 1 },
};

#define NUNITS(a) (sizeof(a) / sizeof((a)[0]))

/* A plain number as read: mant / 10^frac, with trailing fraction zeros dropped. */
struct number {
    uint64_t mant;      /* all significant digits, saturated on overflow */
    uint64_t int_part;  /* digits before the '.', saturated on overflow */
    size_t frac;        /* significant digits after the '.' */
    int overflow;       /* 'mant' or 'int_part' did not fit */
    int has_comma;
    int has_dot;
    size_t int_digits;  /* digits before the '.', commas not counted */
};

struct cursor {
    const char *s;
    size_t len;
    size_t pos;
};

static const uint64_t pow10_table[] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
    100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
    1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
    1000000000000000ULL, 10000000000000000ULL,
};

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

static void skip_blanks(struct cursor *c)
{
    while (c->pos < c->len && is_blank((unsigned char)c->s[c->pos]))
        c->pos++;
}

/* Consume the three-byte UTF-8 'word' if it is next. */
static int take(struct cursor *c, const char *word)
{
    if (c->len - c->pos < 3 || memcmp(c->s + c->pos, word, 3) != 0)
        return 0;
    c->pos += 3;
    return 1;
}

/* Return 'a * 10 + d', setting '*overflow' (and saturating) when it exceeds 64 bits. */
static uint64_t mul10_add(uint64_t a, unsigned d, int *overflow)
{
    if (a > (UINT64_MAX - d) / 10) {
        *overflow = 1;
        return UINT64_MAX;
    }
    return a * 10 + d;
}

static int digit_at(const struct cursor *c, size_t pos)
{
    return pos < c->len && is_digit((unsigned char)c->s[pos]);
}

/* Read the digits of the integer part, with optional thousands commas. */
static int read_digits(struct cursor *c, struct number *n)
{
    size_t first = 0;

    if (!digit_at(c, c->pos))
        return 0;
    while (digit_at(c, c->pos)) {
        unsigned d = (unsigned)(c->s[c->pos] - '0');
        n->int_part = mul10_add(n->int_part, d, &n->overflow);
        n->mant = mul10_add(n->mant, d, &n->overflow);
        c->pos++;
        first++;
    }
    n->int_digits = first;
    if (first > 1 && c->s[c->pos - first] == '0')
        return 0;                       /* leading zero */
    if (c->pos < c->len && c->s[c->pos] == ',') {
        if (first > 3 || c->s[c->pos - first] == '0')
            return 0;
        while (c->pos < c->len && c->s[c->pos] == ',') {
            size_t k;
            c->pos++;
            for (k = 0; k < 3; k++) {
                unsigned d;
                if (!digit_at(c, c->pos))
                    return 0;
                d = (unsigned)(c->s[c->pos] - '0');
                n->int_part = mul10_add(n->int_part, d, &n->overflow);
                n->mant = mul10_add(n->mant, d, &n->overflow);
                c->pos++;
            }
            if (digit_at(c, c->pos))
                return 0;               /* four digits after a comma */
            n->int_digits += 3;
        }
        n->has_comma = 1;
    }
    return 1;
}

/*
 * Read a plain number at the cursor.  Fraction zeros are only folded into
 * 'mant' when a later non-zero digit makes them significant, so "1.50000"
 * and "1.5" read the same and never overflow.
 */
static int read_number(struct cursor *c, struct number *n)
{
    size_t pending = 0;

    memset(n, 0, sizeof *n);
    if (!read_digits(c, n))
        return 0;
    if (c->pos >= c->len || c->s[c->pos] != '.')
        return 1;
    c->pos++;
    if (!digit_at(c, c->pos))
        return 0;
    n->has_dot = 1;
    while (digit_at(c, c->pos)) {
        unsigned d = (unsigned)(c->s[c->pos] - '0');
        c->pos++;
        if (d == 0) {
            pending++;
            continue;
        }
        for (; pending > 0; pending--) {
            n->mant = mul10_add(n->mant, 0, &n->overflow);
            n->frac++;
        }
        n->mant = mul10_add(n->mant, d, &n->overflow);
        n->frac++;
    }
    return 1;
}

static int take_unit(struct cursor *c, const struct unit *units, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (take(c, units[i].utf8))
            return units[i].exp;
    return -1;
}

/* A group's coefficient: value = mant / 10^frac (frac is 0 unless decimal). */
struct coef {
    struct number num;
    int decimal_ok;     /* a plain number, so a decimal may follow a big unit */
};

/*
 * Read a coefficient: a plain number, or the 천/백/십 form ("2천5백", "천").
 */
static int read_coef(struct cursor *c, struct coef *out)
{
    uint64_t val = 0;
    int last_exp = 4;           /* above 천 */
    int any = 0;

    memset(out, 0, sizeof *out);
    for (;;) {
        struct number n;
        size_t start = c->pos;
        int have_num = 0, exp;

        memset(&n, 0, sizeof n);
        if (digit_at(c, c->pos)) {
            if (!read_number(c, &n))
                return 0;
            have_num = 1;
        }
        exp = take_unit(c, sub_units, NUNITS(sub_units));
        if (exp >= 0) {
            if (exp >= last_exp)
                return 0;
            if (have_num) {
                /* a single digit 1-9 only */
                if (c->pos - start != 1 + 3 || n.mant == 0)
                    return 0;
                val += n.mant * pow10_table[exp];
            } else {
                val += pow10_table[exp];
            }
            last_exp = exp;
            any = 1;
            continue;
        }
        if (!have_num)
            break;
        if (any) {
            /* the tail after 천/백/십: a plain integer below the last unit */
            if (n.has_dot || n.has_comma || n.overflow || n.mant == 0
                || n.mant >= pow10_table[last_exp])
                return 0;
            val += n.mant;
            break;
        }
        out->num = n;
        out->decimal_ok = 1;
        return 1;
    }
    if (!any)
        return 0;
    out->num.mant = val;
    out->num.int_part = val;
    return 1;
}

enum amount_status amount_parse(const char *s, size_t len, int64_t *krw)
{
    struct cursor c = { s, len, 0 };
    uint64_t total = 0;
    int overflow = 0, groups = 0, prev_exp = 17, last_decimal = 0;

    if (!s)
        return AMOUNT_SYNTAX;
    skip_blanks(&c);
    while (c.pos < c.len) {
        struct coef k;
        uint64_t value;
        int exp;

        if (groups > 0) {
            size_t here = c.pos;
            if (take(&c, "원")) {
                c.pos = here;
                break;
            }
        }
        if (last_decimal || prev_exp == 0)
            return AMOUNT_SYNTAX;       /* nothing may follow these groups */
        if (!read_coef(&c, &k))
            return AMOUNT_SYNTAX;
        exp = take_unit(&c, big_units, NUNITS(big_units));
        if (exp < 0)
            exp = 0;
        if (exp >= prev_exp)
            return AMOUNT_SYNTAX;
        if (k.num.has_dot && (exp == 0 || !k.decimal_ok))
            return AMOUNT_SYNTAX;
        if (groups > 0 && (k.num.overflow || k.num.int_part >= 10000))
            return AMOUNT_SYNTAX;
        if ((size_t)exp < k.num.frac)
            return AMOUNT_SYNTAX;       /* not a whole number of won */
        if (k.num.mant == 0) {
            /* only the plain "0" alone is zero */
            if (groups > 0 || exp != 0 || k.num.has_dot)
                return AMOUNT_SYNTAX;
        }
        value = k.num.mant;
        if (k.num.overflow) {
            overflow = 1;
        } else {
            uint64_t scale = pow10_table[(size_t)exp - k.num.frac];
            if (value > KRW_MAX / scale)
                overflow = 1;
            else
                value *= scale;
        }
        if (!overflow) {
            if (value > KRW_MAX - total)
                overflow = 1;
            else
                total += value;
        }
        last_decimal = k.num.has_dot;
        prev_exp = exp;
        groups++;
        if (k.num.mant == 0)
            prev_exp = 0;               /* "0" is the whole amount */
        skip_blanks(&c);
    }
    if (groups == 0)
        return AMOUNT_SYNTAX;
    if (take(&c, "원"))
        skip_blanks(&c);
    if (c.pos != c.len)
        return AMOUNT_SYNTAX;
    if (overflow)
        return AMOUNT_OVERFLOW;
    *krw = (int64_t)total;
    return AMOUNT_OK;
}

/* Append 'v' with a comma every three digits. */
static void add_grouped(struct strbuf *out, uint64_t v)
{
    char digits[32];
    char buf[40];
    size_t n = 0, i, o = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (i = n; i > 0; i--) {
        buf[o++] = digits[i - 1];
        if (i > 1 && (i - 1) % 3 == 0)
            buf[o++] = ',';
    }
    strbuf_add(out, buf, o);
}

/* Magnitude of 'v' without overflow, also for INT64_MIN. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void amount_format(int64_t krw, struct strbuf *out)
{
    static const char *const names[] = { "경", "조", "억", "만", "" };
    static const int exps[] = { 16, 12, 8, 4, 0 };
    uint64_t mag = magnitude(krw);
    int first = 1, last = -1;
    size_t i;

    if (krw < 0)
        strbuf_addch(out, '-');
    if (mag == 0) {
        strbuf_addstr(out, "0원");
        return;
    }
    for (i = 0; i < NUNITS(exps); i++) {
        uint64_t g = mag / pow10_table[exps[i]];
        if (i > 0)
            g %= 10000;
        if (g == 0)
            continue;
        if (!first)
            strbuf_addch(out, ' ');
        add_grouped(out, g);
        strbuf_addstr(out, names[i]);
        first = 0;
        last = exps[i];
    }
    strbuf_addstr(out, last == 0 ? "원" : " 원");
}

void amount_format_grouped(int64_t v, struct strbuf *out)
{
    if (v < 0)
        strbuf_addch(out, '-');
    add_grouped(out, magnitude(v));
}
