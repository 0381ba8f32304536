/*
 * test_linebreak.c - Korean keep-all line breaking with fake metrics (Hangul
 * syllable 1000, anything else 500) and with NanumGothic, plus a property
 * test over pseudo-random sentences and linear-time checks on 1 MB inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unigbrk.h>

#include "fontmetrics.h"
#include "linebreak.h"
#include "utf8.h"

#define NANUM "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"

static int fake_advance(const void *ctx, uint32_t cp)
{
    (void)ctx;
    return cp >= 0xAC00 && cp <= 0xD7A3 ? 1000 : 500;
}

static const struct lb_measure fake = { fake_advance, NULL };

static int font_advance(const void *ctx, uint32_t cp)
{
    return fontmetrics_advance(ctx, cp);
}

static long measure(const struct lb_measure *m, const char *s, size_t len)
{
    size_t i = 0, used;
    long w = 0;
    while (i < len) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);
        w += m->advance(m->ctx, cp);
        i += used;
    }
    return w;
}

static int is_leading_jamo(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C);
}

static int is_hangul(uint32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* Word characters as the keep-all rule sees them, for the strings used here. */
static int is_word(uint32_t cp)
{
    return is_hangul(cp) || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 'a' && cp <= 'z') || (cp >= 0x4E00 && cp <= 0x9FFF);
}

static uint32_t first_char(const char *s, size_t len)
{
    size_t used;
    return len ? utf8_decode(s, len, &used) : 0;
}

static uint32_t last_char(const char *s, size_t len)
{
    size_t used, i = len;
    if (len == 0)
        return 0;
    do
        i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
    return utf8_decode(s + i, len - i, &used);
}

/* Break 'text' and compare with the NUL-separated expected lines. */
static void expect_lines(const char *text, long width, const struct lb_measure *m,
                         const char *const *want, size_t nwant)
{
    struct lb_lines lines = LB_LINES_INIT;
    size_t i;

    linebreak_fill(text, strlen(text), m, width, &lines);
    for (i = 0; i < lines.count && i < nwant; i++) {
        const struct lb_line *l = &lines.items[i];
        if (l->len != strlen(want[i]) || memcmp(text + l->start, want[i], l->len) != 0)
            fail_msg("width %ld, line %zu: got \"%.*s\", want \"%s\"", width, i,
                     (int)l->len, text + l->start, want[i]);
        assert_int_equal(l->width, measure(m, text + l->start, l->len));
    }
    if (lines.count != nwant)
        fail_msg("width %ld: %zu lines, want %zu", width, lines.count, nwant);
    lb_lines_release(&lines);
}

#define EXPECT(text, width, m, ...)                                                 \
    do {                                                                           \
        static const char *const want_[] = { __VA_ARGS__ };                       \
        expect_lines((text), (width), (m), want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

static void keeps_each_eojeol_whole(void **state)
{
    (void)state;
    EXPECT("국회의원 공약 이행률", 6500, &fake, "국회의원 공약", "이행률");
    EXPECT("국회의원 공약 이행률", 6499, &fake, "국회의원", "공약 이행률");
    EXPECT("국회의원 공약 이행률", 4000, &fake, "국회의원", "공약", "이행률");
    EXPECT("국회의원 공약 이행률", 100000, &fake, "국회의원 공약 이행률");
}

static void breaks_an_overlong_word_between_syllables(void **state)
{
    struct lb_lines lines = LB_LINES_INIT;
    char word[40 * 3 + 1];
    size_t i;
    (void)state;

    for (i = 0; i < 40; i++)
        utf8_encode(0xAC00 + (uint32_t)i * 28, word + i * 3);
    word[40 * 3] = '\0';
    linebreak_fill(word, strlen(word), &fake, 7500, &lines);
    assert_int_equal(lines.count, 6);                /* 7 + 7 + 7 + 7 + 7 + 5 */
    for (i = 0; i < lines.count; i++) {
        assert_int_equal(lines.items[i].start, i * 21);
        assert_int_equal(lines.items[i].len, i < 5 ? 21 : 15);
        assert_int_equal(lines.items[i].width, i < 5 ? 7000 : 5000);
    }
    lb_lines_release(&lines);

    /* preceded by a short word: the long word starts on its own line */
    EXPECT("공약 가나다라마바사아자차", 4000, &fake, "공약", "가나다라", "마바사아", "자차");
}

/* No line of 'text' at any width starts with ) , . % or ends with (. */
static void check_punctuation_at_all_widths(const char *text)
{
    long width;
    /* from 2000 on, an opening mark and the syllable after it fit on a line */
    for (width = 2000; width <= 12000; width += 250) {
        struct lb_lines lines = LB_LINES_INIT;
        size_t i;
        linebreak_fill(text, strlen(text), &fake, width, &lines);
        for (i = 0; i < lines.count; i++) {
            const char *s = text + lines.items[i].start;
            size_t len = lines.items[i].len;
            uint32_t first = first_char(s, len), last = last_char(s, len);
            if (i > 0 && first && first < 0x80 && strchr("),.%", (int)first))
                fail_msg("width %ld: line %zu \"%.*s\" starts with '%c'", width, i,
                         (int)len, s, (char)first);
            if (i + 1 < lines.count && (last == '(' || last == 0x201C || last == 0x2018))
                fail_msg("width %ld: line %zu \"%.*s\" ends with an opening mark",
                         width, i, (int)len, s);
        }
        lb_lines_release(&lines);
    }
}

static void never_starts_a_line_with_closing_punctuation_in_the_fallback(void **state)
{
    (void)state;
    check_punctuation_at_all_widths("가나다라마바사아자차카타파하(가나다라)"
                                    "마바사,아자.차카%타파하");
    check_punctuation_at_all_widths("이행률은87.5%이며,전년(2023년)대비3.2%p상승했다.");
    check_punctuation_at_all_widths("전년대비3.2%p상승(잠정치),목표달성률은99.9%.");
    /* when no break in the line satisfies the rule, lines still fit */
    EXPECT("가가),,,,", 2000, &fake, "가", "가),", ",,,");
    /* the break moves back a syllable so that ) and , do not start a line */
    EXPECT("가나다라)", 4000, &fake, "가나다", "라)");
    EXPECT("가나다,라", 3200, &fake, "가나", "다,라");
}

static void does_not_break_after_an_opening_parenthesis(void **state)
{
    (void)state;
    EXPECT("공약 (가나다라마바사)", 4000, &fake, "공약", "(가나다", "라마바", "사)");
    EXPECT("예산(豫算) 집행", 4000, &fake, "예산(豫算)", "집행");
    EXPECT("예산(豫算) 집행", 3000, &fake, "예산", "(豫算)", "집행");
    check_punctuation_at_all_widths("공약(公約)이행(履行) “국민과의 약속” ‘확인’ "
                                    "(가나다라마바사아자차카)");
}

static void handles_mixed_hangul_latin_digits_and_middle_dots(void **state)
{
    const char *text = "네이버·카카오 2024년 AI 교육 600억원(5년간)";
    struct font_metrics *fm;
    struct lb_measure real;
    char err[256];
    long width;
    (void)state;

    EXPECT(text, 7000, &fake, "네이버·카카오", "2024년 AI 교육", "600억원(5년간)");
    EXPECT(text, 6000, &fake, "네이버·", "카카오", "2024년 AI", "교육 600억원", "(5년간)");
    EXPECT(text, 100000, &fake, "네이버·카카오 2024년 AI 교육 600억원(5년간)");

    fm = fontmetrics_load(NANUM, err, sizeof err);
    if (!fm)
        fail_msg("%s", err);
    real.advance = font_advance;
    real.ctx = fm;
    /* NanumGothic: syllable 940, digit 606, space 280, · 290, ( ) 363, A 727, I 242 */
    EXPECT(text, 12000, &real, "네이버·카카오 2024년 AI", "교육 600억원(5년간)");
    EXPECT(text, 7000, &real, "네이버·카카오", "2024년 AI 교육", "600억원(5년간)");
    EXPECT(text, 5000, &real, "네이버·", "카카오", "2024년 AI", "교육", "600억원", "(5년간)");
    EXPECT(text, 3000, &real, "네이", "버·", "카카오", "2024", "년 AI", "교육", "600억", "원",
           "(5년", "간)");
    /* from 1300 on, "버·" fits on a line */
    for (width = 1300; width < 12000; width += 37) {
        struct lb_lines lines = LB_LINES_INIT;
        size_t i;
        linebreak_fill(text, strlen(text), &real, width, &lines);
        for (i = 0; i < lines.count; i++) {
            const char *s = text + lines.items[i].start;
            assert_int_not_equal(first_char(s, lines.items[i].len), 0x00B7);
            assert_int_equal(lines.items[i].width, measure(&real, s, lines.items[i].len));
        }
        lb_lines_release(&lines);
    }
    fontmetrics_free(fm);
}

static void breaks_at_line_feeds_and_treats_crlf_as_one(void **state)
{
    (void)state;
    EXPECT("가나\n다라", 100000, &fake, "가나", "다라");
    EXPECT("가나\r\n다라", 100000, &fake, "가나", "다라");
    EXPECT("가나\n\n다라", 100000, &fake, "가나", "", "다라");
    EXPECT("가나   \n   다라", 100000, &fake, "가나", "다라");
    EXPECT("가나\n", 100000, &fake, "가나", "");
    EXPECT("\n", 100000, &fake, "", "");
    EXPECT("국회의원 공약 이행률\n국회의원", 6500, &fake, "국회의원 공약", "이행률",
           "국회의원");
}

static void gives_one_empty_line_for_empty_text(void **state)
{
    struct lb_lines lines = LB_LINES_INIT;
    (void)state;
    linebreak_fill("", 0, &fake, 5000, &lines);
    assert_int_equal(lines.count, 1);
    assert_int_equal(lines.items[0].start, 0);
    assert_int_equal(lines.items[0].len, 0);
    assert_int_equal(lines.items[0].width, 0);
    lb_lines_release(&lines);
    assert_null(lines.items);
    assert_int_equal(lines.count, 0);
    EXPECT("     ", 5000, &fake, "");
}

static void drops_spaces_at_breaks_but_keeps_them_inside_lines(void **state)
{
    struct lb_lines lines = LB_LINES_INIT;
    const char *text = "  가나  다라   마바  ";
    (void)state;
    linebreak_fill(text, strlen(text), &fake, 5000, &lines);
    assert_int_equal(lines.count, 2);
    assert_int_equal(lines.items[0].start, 2);              /* "가나  다라" */
    assert_int_equal(lines.items[0].len, 14);
    assert_int_equal(lines.items[0].width, 5000);
    assert_int_equal(lines.items[1].start, 19);             /* "마바" */
    assert_int_equal(lines.items[1].len, 6);
    lb_lines_release(&lines);
    EXPECT(text, 3000, &fake, "가나", "다라", "마바");
}

static void gives_a_character_wider_than_the_line_its_own_line(void **state)
{
    (void)state;
    EXPECT("가나다", 700, &fake, "가", "나", "다");
    EXPECT("가 나", 0, &fake, "가", "나");
    EXPECT("ab가cd", -5, &fake, "a", "b", "가", "c", "d");
}

static void reports_widths_equal_to_the_measured_width_of_each_line(void **state)
{
    static const char *const texts[] = {
        ("2025년 국정과제 이행 점검 결과, 전체 120개 과제 중 87.5%가 정상 추진 중이며 "
         "일부 과제(12개)는 예산 확보가 지연되고 있다."),
        "▲ 디지털 플랫폼 정부 구현 ◆ 지역균형발전 — ‘지방시대’ 선포 ① 국회의원 공약 이행률",
        "Hello, world! 가나다 ABC 123 ㈜카카오",
    };
    struct font_metrics *fm;
    struct lb_measure real;
    char err[256];
    size_t t;
    long width;
    (void)state;

    fm = fontmetrics_load(NANUM, err, sizeof err);
    if (!fm)
        fail_msg("%s", err);
    real.advance = font_advance;
    real.ctx = fm;
    for (t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (width = 2000; width < 60000; width += 1111) {
            struct lb_lines lines = LB_LINES_INIT;
            size_t i;
            linebreak_fill(texts[t], strlen(texts[t]), &real, width, &lines);
            for (i = 0; i < lines.count; i++) {
                const struct lb_line *l = &lines.items[i];
                assert_int_equal(l->width,
                                 fontmetrics_text_width(fm, texts[t] + l->start, l->len));
                assert_true(l->width <= width);
            }
            lb_lines_release(&lines);
        }
    }
    fontmetrics_free(fm);
}

static void reports_opportunities_before_each_byte(void **state)
{
    const char *text = "국회의원 공약(가)\n이행";
    size_t len = strlen(text), i;
    char *out = malloc(len);
    (void)state;

    assert_non_null(out);
    memset(out, 9, len);
    linebreak_opportunities(text, len, out);
    for (i = 0; i < len; i++) {
        int want = LB_NONE;
        if (i == 13 || i == 19)      /* after the space, before ( */
            want = LB_ALLOWED;
        else if (i == strlen("국회의원 공약(가)\n"))
            want = LB_MANDATORY;
        if (out[i] != want)
            fail_msg("byte %zu: %d, want %d", i, out[i], want);
    }
    free(out);
    linebreak_opportunities("", 0, NULL);
}

/* No line ends inside a grapheme cluster (UAX #29), as 'text' narrows. */
static void check_clusters_at_all_widths(const char *text)
{
    size_t len = strlen(text), i;
    char *gb = malloc(len);
    long width;

    assert_non_null(gb);
    u8_grapheme_breaks((const uint8_t *)text, len, gb);
    for (width = 0; width <= 8000; width += 100) {
        struct lb_lines lines = LB_LINES_INIT;
        linebreak_fill(text, len, &fake, width, &lines);
        for (i = 1; i < lines.count; i++) {
            const struct lb_line *l = &lines.items[i];
            if (l->len > 0 && !gb[l->start])
                fail_msg("width %ld: line %zu \"%.*s\" starts inside a cluster of \"%s\"",
                         width, i, (int)l->len, text + l->start, text);
            if (l->len > 0 && is_leading_jamo(last_char(text + lines.items[i - 1].start,
                                                        lines.items[i - 1].len)))
                fail_msg("width %ld: line %zu ends in a lone leading jamo", width, i - 1);
        }
        lb_lines_release(&lines);
    }
    free(gb);
}

static void keeps_a_run_of_leading_jamo_with_its_vowel(void **state)
{
    (void)state;
    /* fake widths: a jamo 500, a syllable 1000; each cluster L L LV is 2000 */
    EXPECT("ᄇᄉ가ᄇᄉ가ᄇᄉ가", 3000, &fake, "ᄇᄉ가", "ᄇᄉ가", "ᄇᄉ가");
    EXPECT("ᄇᄉ가ᄇᄉ가ᄇᄉ가", 4000, &fake, "ᄇᄉ가ᄇᄉ가", "ᄇᄉ가");
    /* one cluster wider than the line keeps a line of its own */
    EXPECT("ᄀᄀᄀᄀ각 ᄂ", 1000, &fake, "ᄀᄀᄀᄀ각", "ᄂ");
    EXPECT("가ᄀᄀ각", 1500, &fake, "가", "ᄀᄀ각");
    check_clusters_at_all_widths("ᄇᄉ가ᄇᄌ다ᄉᄀ믈ᄉᄃ리ᄇᄃ다ᄀᄀ각ᆨᄒᄒ한");
    check_clusters_at_all_widths("ᄡᆞᆯ ᄀᆞᄅᆞᆷ ᄒᆞᆫ글ᄠᅳᆮ ꥠᄀᆞ ᄀힰퟗ가ힰퟗ");
}

static void breaks_an_overlong_word_between_grapheme_clusters(void **state)
{
    (void)state;
    /* a vowel or final jamo after a letter starts a cluster of its own */
    EXPECT("pᆨ", 500, &fake, "p", "ᆨ");
    EXPECT("鄀ᅡ", 0, &fake, "鄀", "ᅡ");
    /* emoji with a skin tone, flags and joined sequences stay whole */
    EXPECT("👍🏽👍🏽", 500, &fake, "👍🏽", "👍🏽");
    EXPECT("🇰🇷🇯🇵🇺", 500, &fake, "🇰🇷", "🇯🇵", "🇺");
    EXPECT("🇰🇷🇯🇵🇺", 1500, &fake, "🇰🇷", "🇯🇵🇺");
    EXPECT("👨‍👩‍👧👍", 1000, &fake, "👨‍👩‍👧", "👍");
    EXPECT("é́́e", 1000, &fake, "é́́", "e");
    check_clusters_at_all_widths("👍🏽👍🏽🇰🇷🇯🇵🇺👨‍👩‍👧👍é́́e아기ᄀ가ᄂ나ᄃ다");
}

/* ---- property test ---------------------------------------------------- */

static const char *const words[] = {
    "국회의원", "공약", "이행률", "2024년", "AI", "교육", "600억원(5년간)", "네이버·카카오",
    "예산", "집행", "계획을", "수립하고", "87.5%", "(가칭)", "“국민과의", "약속”", "OECD",
    "㈜카카오", "①", "디지털플랫폼정부위원회", "가나다라마바사아자차카타파하", "및", "등",
    "추진한다.", "지역균형발전,", "ⅡⅢ", "3,200명", "—", "▲", "‘지방시대’", "x", "(",
    ")", "대한민국헌법제일조제일항대한민국은민주공화국이다",
};

static uint32_t lcg(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7FFF;
}

static int is_space_byte(char c)
{
    return c == ' ';
}

/*
 * Width of the unbreakable segment around byte offset 'at': from the last
 * break opportunity at or before it to the next one after it, trailing
 * spaces excluded.
 */
static long segment_width(const struct lb_measure *m, const char *text, size_t len,
                          const char *opp, size_t at)
{
    size_t a = at, b = at + 1;
    while (a > 0 && opp[a] == LB_NONE)
        a--;
    while (b < len && opp[b] == LB_NONE)
        b++;
    while (b > a && is_space_byte(text[b - 1]))
        b--;
    return measure(m, text + a, b - a);
}

static void check_properties(const char *text, size_t len, const struct lb_measure *m,
                             long width)
{
    struct lb_lines lines = LB_LINES_INIT;
    size_t i, pos = 0;
    char *opp = malloc(len ? len : 1);

    assert_non_null(opp);
    linebreak_opportunities(text, len, opp);
    linebreak_fill(text, len, m, width, &lines);
    assert_true(lines.count >= 1);
    for (i = 0; i < lines.count; i++) {
        const struct lb_line *l = &lines.items[i];
        const char *s = text + l->start;

        /* lines plus the dropped spaces reproduce the text */
        assert_true(l->start >= pos);
        for (; pos < l->start; pos++)
            if (!is_space_byte(text[pos]))
                fail_msg("byte %zu '%c' dropped before line %zu", pos, text[pos], i);
        pos = l->start + l->len;
        assert_true(pos <= len);
        if (l->len) {
            assert_false(is_space_byte(s[0]));
            assert_false(is_space_byte(s[l->len - 1]));
        }

        /* every line fits unless it is a single character */
        assert_int_equal(l->width, measure(m, s, l->len));
        if (l->width > width && utf8_count(s, l->len) != 1)
            fail_msg("width %ld: line \"%.*s\" is %ld wide", width, (int)l->len, s,
                     l->width);

        /*
         * Every break is an opportunity, or falls inside a segment wider than
         * the line; so no break between two word characters (keep-all drops
         * those opportunities) unless the word does not fit.
         */
        if (i > 0) {
            const struct lb_line *p = &lines.items[i - 1];
            uint32_t before = last_char(text + p->start, p->len);
            uint32_t after = first_char(s, l->len);
            if (opp[l->start] == LB_ALLOWED && is_word(before) && is_word(after) &&
                l->start == p->start + p->len)
                fail_msg("opportunity between word characters in \"%.*s\"",
                         (int)(l->start + l->len - p->start), text + p->start);
            if (opp[l->start] == LB_NONE &&
                segment_width(m, text, len, opp, l->start) <= width)
                fail_msg("width %ld: \"%.*s\" | \"%.*s\" splits a segment that fits",
                         width, (int)p->len, text + p->start, (int)l->len, s);
        }
    }
    for (; pos < len; pos++)
        assert_true(is_space_byte(text[pos]));
    lb_lines_release(&lines);
    free(opp);
}

static void keeps_its_promises_on_pseudo_random_sentences(void **state)
{
    static const long widths[] = { 1500, 3000, 4700, 8000, 15000, 40000 };
    struct font_metrics *fm;
    struct lb_measure real;
    uint32_t seed = 2024;
    char err[256], text[4096];
    int n;
    (void)state;

    fm = fontmetrics_load(NANUM, err, sizeof err);
    if (!fm)
        fail_msg("%s", err);
    real.advance = font_advance;
    real.ctx = fm;
    for (n = 0; n < 300; n++) {
        size_t len = 0, k, nwords = 1 + lcg(&seed) % 18, w;
        for (k = 0; k < nwords; k++) {
            const char *word = words[lcg(&seed) % (sizeof words / sizeof words[0])];
            if (k > 0)
                text[len++] = ' ';
            if (k > 0 && lcg(&seed) % 8 == 0)
                text[len++] = ' ';
            memcpy(text + len, word, strlen(word));
            len += strlen(word);
        }
        text[len] = '\0';
        for (w = 0; w < sizeof widths / sizeof widths[0]; w++) {
            check_properties(text, len, &fake, widths[w]);
            check_properties(text, len, &real, widths[w]);
        }
    }
    fontmetrics_free(fm);
}

/* ---- linear time ------------------------------------------------------ */

static double seconds_to_fill(const char *text, size_t len, long width, size_t *nlines)
{
    struct lb_lines lines = LB_LINES_INIT;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    linebreak_fill(text, len, &fake, width, &lines);
    clock_gettime(CLOCK_MONOTONIC, &b);
    *nlines = lines.count;
    lb_lines_release(&lines);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void takes_linear_time_on_a_megabyte_word_or_of_spaces(void **state)
{
    size_t len = 1 << 20, i, nlines;
    char *text = malloc(len + 1);
    (void)state;

    assert_non_null(text);
    /* one 349,525-syllable word: 14 syllables a line */
    for (i = 0; i + 3 <= len; i += 3)
        utf8_encode(0xAC00 + (uint32_t)(i / 3 % 11172), text + i);
    assert_true(seconds_to_fill(text, i, 14000, &nlines) < 5.0);
    assert_int_equal(nlines, (i / 3 + 13) / 14);

    memset(text, ' ', len);
    assert_true(seconds_to_fill(text, len, 14000, &nlines) < 5.0);
    assert_int_equal(nlines, 1);

    /* nothing but closing parentheses: no allowed break, forced ones only */
    memset(text, ')', len);
    assert_true(seconds_to_fill(text, len, 14000, &nlines) < 5.0);
    assert_int_equal(nlines, (len + 27) / 28);

    /* opening parentheses followed by one syllable, repeated */
    for (i = 0; i + 4 <= len; i += 4) {
        text[i] = '(';
        utf8_encode(0xAC00, text + i + 1);
    }
    assert_true(seconds_to_fill(text, i, 14000, &nlines) < 5.0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_each_eojeol_whole),
        cmocka_unit_test(breaks_an_overlong_word_between_syllables),
        cmocka_unit_test(never_starts_a_line_with_closing_punctuation_in_the_fallback),
        cmocka_unit_test(does_not_break_after_an_opening_parenthesis),
        cmocka_unit_test(handles_mixed_hangul_latin_digits_and_middle_dots),
        cmocka_unit_test(breaks_at_line_feeds_and_treats_crlf_as_one),
        cmocka_unit_test(gives_one_empty_line_for_empty_text),
        cmocka_unit_test(drops_spaces_at_breaks_but_keeps_them_inside_lines),
        cmocka_unit_test(gives_a_character_wider_than_the_line_its_own_line),
        cmocka_unit_test(reports_widths_equal_to_the_measured_width_of_each_line),
        cmocka_unit_test(reports_opportunities_before_each_byte),
        cmocka_unit_test(keeps_a_run_of_leading_jamo_with_its_vowel),
        cmocka_unit_test(breaks_an_overlong_word_between_grapheme_clusters),
        cmocka_unit_test(keeps_its_promises_on_pseudo_random_sentences),
        cmocka_unit_test(takes_linear_time_on_a_megabyte_word_or_of_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
