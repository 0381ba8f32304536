/*
 * fuzz_linebreak.c - libFuzzer target for line filling with the real
 * NanumGothic advances.  The first two bytes give the width, the rest is the
 * text (made valid UTF-8).  Checked against the contract in linebreak.h:
 * lines cover the text in order and drop only spaces and newlines, widths
 * are exact, no line starts or ends with a space, no grapheme cluster
 * (UAX #29) is split, and a line is wider than the width only when no
 * permitted break inside it exists (a single cluster: a syllable's jamo, a
 * letter and its marks, an emoji sequence).  Clusters come from libunistring
 * here as in linebreak.c; conjoining jamo are also checked against the
 * Hangul rules written out below.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>

#include "fontmetrics.h"
#include "fuzz_common.h"
#include "linebreak.h"
#include "strbuf.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int font_advance(const void *ctx, uint32_t cp)
{
    return fontmetrics_advance(ctx, cp);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* UAX #14 mandatory breaks (BK, CR, LF, NL). */
static int is_newline(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 ||
           cp == 0x2028 || cp == 0x2029;
}

static int in_set(uint32_t cp, const uint32_t *set, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (set[i] == cp)
            return 1;
    return 0;
}

/* linebreak.h: no line starts with these when another break allows it. */
static int no_start(uint32_t cp)
{
    static const uint32_t set[] = {
        ')', ']', '}', ',', '.', ':', ';', '!', '?', '%', 0x201D, 0x2019, 0x00B7, '~',
        0x30FB, 0x318D, 0x2027, 0x301C, 0xFF5E, 0xFF09, 0xFF3D, 0xFF5D, 0xFF0C, 0xFF0E,
        0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF05, 0x3001, 0x3002, 0x3009, 0x300B, 0x300D,
        0x300F, 0x3011, 0x3015,
    };
    return in_set(cp, set, sizeof set / sizeof set[0]);
}

/* linebreak.h: no line ends with these when another break allows it. */
static int no_end(uint32_t cp)
{
    static const uint32_t set[] = {
        '(', '[', '{', 0x201C, 0x2018, 0xFF08, 0xFF3B, 0xFF5B, 0x3008, 0x300A, 0x300C,
        0x300E, 0x3010, 0x3014,
    };
    return in_set(cp, set, sizeof set / sizeof set[0]);
}

enum jamo { J_NONE, J_L, J_V, J_T, J_LV, J_LVT };

static enum jamo jamo_kind(uint32_t cp)
{
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C))
        return J_L;
    if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6))
        return J_V;
    if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB))
        return J_T;
    if (cp >= 0xAC00 && cp <= 0xD7A3)
        return (cp - 0xAC00) % 28 == 0 ? J_LV : J_LVT;
    return J_NONE;
}

/*
 * 1 when 'prev' and 'next' belong to one conjoining jamo sequence (UAX #29
 * GB6-GB8: L x (L | V | LV | LVT), (LV | V) x (V | T), (LVT | T) x T).
 */
static int same_syllable(uint32_t prev, uint32_t next)
{
    enum jamo p = jamo_kind(prev), n = jamo_kind(next);

    if (p == J_L && (n == J_L || n == J_V || n == J_LV || n == J_LVT))
        return 1;
    if ((p == J_LV || p == J_V) && (n == J_V || n == J_T))
        return 1;
    if ((p == J_LVT || p == J_T) && n == J_T)
        return 1;
    return 0;
}

/*
 * Units of filling as linebreak.h describes them: 'unit[i]' is 1 when a
 * grapheme cluster or a space starts at byte i (0 for continuation bytes).
 * Caller frees.
 */
static char *units_of(const char *text, size_t len)
{
    char *unit = malloc(len ? len : 1);
    size_t i, used;

    FUZZ_CHECK(unit != NULL, "out of memory");
    u8_grapheme_breaks((const uint8_t *)text, len, unit);
    for (i = 0; i < len; i += used)
        if (is_space(utf8_decode(text + i, len - i, &used)))
            unit[i] = 1;
    return unit;
}

/* End of the unit that starts at 'pos' (< len). */
static size_t unit_end(const char *unit, size_t pos, size_t len)
{
    do
        pos++;
    while (pos < len && !unit[pos]);
    return pos;
}

/* Is the unit [a, b) a space?  (A space with marks is not.) */
static int space_unit(const char *text, size_t a, size_t b)
{
    size_t used;
    return is_space(utf8_decode(text + a, b - a, &used)) && a + used == b;
}

static long measure(const struct lb_measure *m, const char *s, size_t len)
{
    long w = 0;
    size_t used;
    while (len > 0) {
        uint32_t cp = utf8_decode(s, len, &used);
        w += m->advance(m->ctx, cp);
        s += used;
        len -= used;
    }
    return w;
}

static uint32_t cp_before(const char *text, size_t pos, size_t lo)
{
    size_t used, p = pos;
    do
        p--;
    while (p > lo && ((unsigned char)text[p] & 0xC0) == 0x80);
    return utf8_decode(text + p, pos - p, &used);
}

/*
 * Is there a break inside the line [s, s+len) that the contract permits?
 * Either a break opportunity ('opp' for the line's bytes), or, should the
 * segment there be too wide, a break between two units ('unit' for the
 * line's bytes), neither a space, that no rule keeps together: not after a
 * zero width joiner, not after an opening or before a closing mark (the
 * first character of a cluster counts).
 */
static int has_permitted_break(const char *s, size_t len, const char *opp,
                               const char *unit)
{
    size_t pos = 0, prev = 0, used;

    while (pos < len) {
        size_t end = unit_end(unit, pos, len);
        if (pos > 0) {
            uint32_t a = utf8_decode(s + prev, pos - prev, &used);
            uint32_t b = utf8_decode(s + pos, end - pos, &used);
            if (opp[pos] != LB_NONE ||
                (!space_unit(s, prev, pos) && !space_unit(s, pos, end) &&
                 cp_before(s, pos, prev) != 0x200D && !no_end(a) && !no_start(b)))
                return 1;
        }
        prev = pos;
        pos = end;
    }
    return 0;
}

/* Width of the segment around byte 'at': from the opportunity before it to the next. */
static long segment_width(const struct lb_measure *m, const char *text, size_t len,
                          const char *opp, size_t at)
{
    size_t a = at, b = at + 1;
    while (a > 0 && opp[a] == LB_NONE)
        a--;
    while (b < len && opp[b] == LB_NONE)
        b++;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t'))
        b--;
    return measure(m, text + a, b - a);
}

static void check_dropped(const char *text, size_t from, size_t to, size_t line)
{
    size_t used;
    while (from < to) {
        uint32_t cp = utf8_decode(text + from, to - from, &used);
        FUZZ_CHECK(is_space(cp) || is_newline(cp),
                   "U+%04X at byte %zu dropped before line %zu", (unsigned)cp, from, line);
        from += used;
    }
}

/* FUZZ_ALLOW=cluster-split turns the cluster check off (fuzz_common.h). */
static void check_lines(const char *text, size_t len, const struct lb_measure *m, long width,
                        const struct lb_lines *lines, int allow_split)
{
    char *opp = malloc(len ? len : 1), *unit = units_of(text, len);
    size_t i, pos = 0, used;

    FUZZ_CHECK(opp != NULL, "out of memory");
    linebreak_opportunities(text, len, opp);
    FUZZ_CHECK(lines->count >= 1, "no line");
    for (i = 0; i < lines->count; i++) {
        const struct lb_line *l = &lines->items[i];
        const char *s = text + l->start;
        size_t k;

        FUZZ_CHECK(l->start >= pos && l->start <= len && l->len <= len - l->start,
                   "line %zu at %zu+%zu, text so far ends at %zu of %zu", i, l->start, l->len,
                   pos, len);
        check_dropped(text, pos, l->start, i);
        FUZZ_CHECK(utf8_valid(s, l->len), "line %zu splits a UTF-8 sequence", i);
        if (l->len) {
            size_t last = l->len - 1;
            while (last > 0 && !unit[l->start + last])
                last--;
            FUZZ_CHECK(allow_split || unit[l->start], "line %zu starts inside a cluster",
                       i);
            FUZZ_CHECK(allow_split || l->start + l->len == len || unit[l->start + l->len],
                       "line %zu ends inside a cluster", i);
            FUZZ_CHECK(!space_unit(s, 0, unit_end(unit + l->start, 0, l->len)) &&
                           !space_unit(s, last, l->len),
                       "line %zu starts or ends with a space", i);
        }
        for (k = 0; k < l->len; k += used)
            FUZZ_CHECK(!is_newline(utf8_decode(s + k, l->len - k, &used)),
                       "line %zu holds a newline", i);
        FUZZ_CHECK(l->width == measure(m, s, l->len), "line %zu: width %ld, measured %ld", i,
                   l->width, measure(m, s, l->len));
        FUZZ_CHECK(l->width <= width ||
                       !has_permitted_break(s, l->len, opp + l->start, unit + l->start),
                   "width %ld: line %zu \"%.*s\" is %ld wide", width, i, (int)l->len, s,
                   l->width);
        if (i > 0 && l->start == pos && l->len > 0 && pos > 0) {
            /* a break with nothing dropped: not inside a cluster, and at an
               opportunity unless the segment there is too wide */
            uint32_t before = cp_before(text, pos, 0);
            uint32_t after = utf8_decode(s, l->len, &used);
            FUZZ_CHECK(allow_split || (unit[pos] && !same_syllable(before, after)),
                       "width %ld: line %zu splits U+%04X U+%04X", width, i,
                       (unsigned)before, (unsigned)after);
            FUZZ_CHECK(opp[l->start] != LB_NONE ||
                           segment_width(m, text, len, opp, l->start) > width,
                       "width %ld: break at byte %zu splits a segment that fits", width,
                       l->start);
        }
        pos = l->start + l->len;
    }
    check_dropped(text, pos, len, lines->count);
    free(unit);
    free(opp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct font_metrics *fm;
    static int allow_split;
    struct lb_measure m;
    struct lb_lines lines = LB_LINES_INIT;
    struct strbuf text = STRBUF_INIT;
    long width;
    size_t i, used;

    if (!fm) {
        char err[256];
        allow_split = fuzz_allowed("cluster-split");
        fm = fontmetrics_load(FUZZ_FONT_DIR "NanumGothic.ttf", err, sizeof err);
        FUZZ_CHECK(fm != NULL, "%s", err);
    }
    if (size < 2)
        return 0;
    /* -1000 .. 64535 thousandths of an em: none, one or many characters a line */
    width = (long)(data[0] << 8 | data[1]) - 1000;
    for (i = 2; i < size; i += used) {
        char enc[4];
        uint32_t cp = utf8_decode((const char *)data + i, size - i, &used);
        strbuf_add(&text, enc, utf8_encode(cp, enc));
    }
    FUZZ_CHECK(utf8_valid(text.buf, text.len), "re-encoded text is not UTF-8");
    m.advance = font_advance;
    m.ctx = fm;
    linebreak_fill(text.buf, text.len, &m, width, &lines);
    check_lines(text.buf, text.len, &m, width, &lines, allow_split);
    lb_lines_release(&lines);
    strbuf_release(&text);
    return 0;
}
