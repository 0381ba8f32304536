/*
 * linebreak.c - UAX #14 break opportunities (libunistring) narrowed to
 * Korean keep-all, then greedy filling by width in one pass over the text,
 * with a per-cluster fallback (UAX #29 grapheme clusters) for words wider than
 * the line.
 */
#include "linebreak.h"

#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>

/*
 * Internal per-byte marks: the low two bits hold the enum lb_break value of
 * the break before the byte; the flags say that the character starting there
 * is a newline (a forced break follows it) or the CR of a CR LF pair, and
 * that a unit starts there: an extended grapheme cluster, or a space (a
 * space never belongs to the cluster of a Prepend character before it, so
 * that spaces can be dropped at a break).  Lines start and end only at units.
 */
#define MARK_BREAK   3
#define MARK_NEWLINE 4
#define MARK_CR_LF   8
#define MARK_UNIT    16

/* Spaces dropped at a break: SPACE, TAB and IDEOGRAPHIC SPACE. */
static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/*
 * "Word" characters for keep-all: letters (Hangul syllables and jamo, Han and
 * every other script), numbers, combining marks, and the enclosed and squared
 * signs that Korean text writes inside words (① ㈜ ㎡).
 */
static int is_word(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x4E00 && cp <= 0x9FFF))
        return 1;
    if ((cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x3200 && cp <= 0x33FF))
        return 1;
    return uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N |
                                                    UC_CATEGORY_MASK_Mn |
                                                    UC_CATEGORY_MASK_Mc);
}

/* Middle dots and wave dashes stay with the word before them (가·나, 1일~3일). */
static int joins_previous(uint32_t cp)
{
    return cp == 0x00B7 || cp == 0x2027 || cp == 0x30FB || cp == 0x318D ||
           cp == '~' || cp == 0x301C || cp == 0xFF5E;
}

/* A line should not start with these (fallback breaks). */
static int no_line_start(uint32_t cp)
{
    static const uint32_t set[] = {
        ')', ',', '.', '%', ']', '}', ':', ';', '!', '?', 0x201D, 0x2019,
        0x00B7, 0x2027, 0x30FB, 0x318D, '~', 0x301C, 0xFF5E,
        0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015,
        0xFF09, 0xFF0C, 0xFF0E, 0xFF05, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF3D, 0xFF5D,
    };
    size_t i;
    for (i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == cp)
            return 1;
    return 0;
}

/* A line should not end with these (fallback breaks). */
static int no_line_end(uint32_t cp)
{
    static const uint32_t set[] = {
        '(', '[', '{', 0x201C, 0x2018,
        0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0xFF08, 0xFF3B, 0xFF5B,
    };
    size_t i;
    for (i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == cp)
            return 1;
    return 0;
}

/*
 * May the overlong-segment fallback end a line with a cluster that starts
 * with 'prev' and ends with 'prev_last', and start the next with a cluster
 * that starts with 'next' (none of them spaces)?
 */
static int fallback_ok(uint32_t prev, uint32_t prev_last, uint32_t next)
{
    return prev_last != 0x200D && !no_line_end(prev) && !no_line_start(next);
}

/* May a UAX #14 opportunity between 'prev' and 'next' be used? */
static int opportunity_ok(uint32_t prev, uint32_t next)
{
    if (is_space(next) || joins_previous(next))
        return 0;
    return !(is_word(prev) && is_word(next));
}

/*
 * Fill 'mark[0..len-1]' (see MARK_*); 'len' > 0.  An opportunity inside a
 * grapheme cluster is dropped.
 */
static void compute_marks(const char *text, size_t len, char *mark)
{
    char *p = xmalloc(len), *g = xmalloc(len);
    uint32_t prev = 0;
    size_t i = 0;

    /* libunistring 1.0 maps this name to u8_possible_linebreaks_v2 (CR LF aware) */
    u8_possible_linebreaks((const uint8_t *)text, len, "UTF-8", p);
    u8_grapheme_breaks((const uint8_t *)text, len, g);
    while (i < len) {
        size_t used, k;
        uint32_t cp = utf8_decode(text + i, len - i, &used);
        char m = g[i] || is_space(cp) ? MARK_UNIT : LB_NONE;

        if (i > 0 && m && (p[i] == UC_BREAK_POSSIBLE || p[i] == UC_BREAK_HYPHENATION) &&
            opportunity_ok(prev, cp))
            m |= LB_ALLOWED;
        if (p[i] == UC_BREAK_MANDATORY)
            m |= MARK_NEWLINE;
        else if (p[i] == UC_BREAK_CR_BEFORE_LF)
            m |= MARK_CR_LF;
        mark[i] = m;
        for (k = 1; k < used; k++)
            mark[i + k] = LB_NONE;
        prev = cp;
        i += used;
    }
    free(g);
    free(p);
}

void linebreak_opportunities(const char *text, size_t len, char *out)
{
    size_t i, forced = (size_t)-1;

    if (len == 0)
        return;
    compute_marks(text, len, out);
    for (i = 0; i < len; i++) {
        char m = out[i];
        out[i] = i == forced ? LB_MANDATORY : (char)(m & MARK_BREAK);
        if (m & MARK_NEWLINE) {
            size_t used;
            utf8_decode(text + i, len - i, &used);
            forced = i + used;
        }
    }
}

/*
 * Filling state.  Widths are prefix sums from the start of the text ('w' at
 * the scan position), so the width of any recorded span is a subtraction.
 */
struct filler {
    const char *text;
    const char *mark;        /* MARK_* of each byte */
    size_t len;
    const struct lb_measure *m;
    long max_width;
    struct lb_lines *out;

    size_t start;            /* first byte of the current line */
    size_t end;              /* end of its last non-space character */
    long long w, w_start, w_end;

    int has_cand;            /* last allowed break inside the current line */
    size_t cand, cand_end;
    long long w_cand, w_cand_end;
};

static void emit(struct filler *f, size_t end, long long w_end)
{
    struct lb_lines *o = f->out;
    XGROW(o->items, o->alloc, o->count + 1);
    o->items[o->count].start = f->start;
    o->items[o->count].len = end - f->start;
    o->items[o->count].width = (long)(w_end - f->w_start);
    o->count++;
}

/* Start the next line at 'pos' (prefix width 'w_pos'). */
static void restart(struct filler *f, size_t pos, long long w_pos)
{
    f->start = pos;
    f->w_start = w_pos;
    if (f->end < pos) {
        f->end = pos;
        f->w_end = w_pos;
    }
    f->has_cand = 0;
}

/* End of the unit (MARK_UNIT) that holds byte 'pos' - 1. */
static size_t unit_end(const struct filler *f, size_t pos)
{
    while (pos < f->len && !(f->mark[pos] & MARK_UNIT))
        pos++;
    return pos;
}

/* Start of the unit that ends at 'pos' (> f->start), not before f->start. */
static size_t unit_start(const struct filler *f, size_t pos)
{
    size_t q = pos - 1;
    while (q > f->start && !(f->mark[q] & MARK_UNIT))
        q--;
    return q;
}

/* Width of the bytes [a, b). */
static long long span_width(const struct filler *f, size_t a, size_t b)
{
    long long w = 0;
    while (a < b) {
        size_t used;
        w += f->m->advance(f->m->ctx, utf8_decode(f->text + a, b - a, &used));
        a += used;
    }
    return w;
}

/* Last code point of the bytes [a, b), a < b. */
static uint32_t last_cp(const char *text, size_t a, size_t b)
{
    size_t used, q = b - 1;
    while (q > a && ((unsigned char)text[q] & 0xC0) == 0x80)
        q--;
    return utf8_decode(text + q, b - q, &used);
}

/*
 * The current line has no allowed break and the unit (grapheme cluster)
 * starting with 'cp' at byte 'i' does not fit: break inside the segment.
 * Walk back from 'i' unit by unit to the last unit boundary where
 * fallback_ok holds for the clusters around it (spaces there are skipped:
 * the line ends at the last non-space unit), emit the line up to it and
 * continue the new line from there.  When there is none, break right before
 * 'i'.  Each step back measures one unit.
 */
static void break_word(struct filler *f, size_t i, uint32_t cp)
{
    size_t p = i;
    uint32_t next = cp;        /* first code point of the unit at p */
    long long back = 0;        /* width of [p, i) */

    while (p > f->start) {
        size_t used, e = p, q;
        long long gap = 0;     /* width of the spaces in [e, p) */
        uint32_t prev;
        int space;

        for (;;) {
            q = unit_start(f, e);
            prev = utf8_decode(f->text + q, e - q, &used);
            space = is_space(prev) && q + used == e;
            if (!space || q == f->start)
                break;
            gap += f->m->advance(f->m->ctx, prev);
            e = q;
        }
        if (space)
            break;             /* lines never start with a space; be safe anyway */
        if (fallback_ok(prev, last_cp(f->text, q, e), next)) {
            emit(f, e, f->w - back - gap);
            restart(f, p, f->w - back);
            return;
        }
        back += gap + span_width(f, q, e);
        p = q;
        next = prev;
    }
    emit(f, f->end, f->w_end);
    restart(f, i, f->w);
}

void linebreak_fill(const char *text, size_t len, const struct lb_measure *m,
                    long max_width, struct lb_lines *out)
{
    struct filler f;
    char *mark = len ? xmalloc(len) : NULL;
    size_t i = 0;

    memset(&f, 0, sizeof f);
    f.text = text;
    f.mark = mark;
    f.len = len;
    f.m = m;
    f.max_width = max_width;
    f.out = out;
    if (len)
        compute_marks(text, len, mark);

    while (i < len) {
        size_t used, end;
        uint32_t cp = utf8_decode(text + i, len - i, &used);
        char mk = mark[i];
        long long adv;

        if (mk & (MARK_NEWLINE | MARK_CR_LF)) {
            if (mk & MARK_NEWLINE) {
                emit(&f, f.end, f.w_end);
                f.end = i + used;
                f.w_end = f.w;
                restart(&f, i + used, f.w);
            }
            i += used;
            continue;
        }
        end = unit_end(&f, i + used);
        if (end == i + used && is_space(cp)) {
            f.w += m->advance(m->ctx, cp);
            if (f.end == f.start) {           /* nothing on the line yet: skip */
                f.end = end;
                f.w_end = f.w;
                restart(&f, end, f.w);
            }
            i = end;
            continue;
        }
        adv = span_width(&f, i, end);         /* a cluster is measured whole */
        if ((mk & MARK_BREAK) == LB_ALLOWED && f.end > f.start) {
            f.has_cand = 1;
            f.cand = i;
            f.cand_end = f.end;
            f.w_cand = f.w;
            f.w_cand_end = f.w_end;
        }
        while (f.end > f.start && f.w + adv - f.w_start > f.max_width) {
            if (f.has_cand) {
                emit(&f, f.cand_end, f.w_cand_end);
                restart(&f, f.cand, f.w_cand);
            } else {
                break_word(&f, i, cp);
            }
        }
        f.w += adv;
        f.end = end;
        f.w_end = f.w;
        i = end;
    }
    emit(&f, f.end, f.w_end);
    free(mark);
}

void lb_lines_release(struct lb_lines *lines)
{
    free(lines->items);
    lines->items = NULL;
    lines->count = 0;
    lines->alloc = 0;
}
