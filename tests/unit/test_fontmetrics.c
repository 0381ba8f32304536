/*
 * test_fontmetrics.c - the TrueType reader against NanumGothic (widths
 * cross-checked with libharu 2.3.0's HPDF_Font_TextWidth) and against
 * missing, empty, truncated, random and mutated files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testfiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fontmetrics.h"

#define NANUM "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
#define NANUM_BOLD "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"

static struct font_metrics *load_ok(const char *path)
{
    char err[256] = "";
    struct font_metrics *fm = fontmetrics_load(path, err, sizeof err);
    if (!fm)
        fail_msg("%s", err);
    return fm;
}

/* Load 'len' bytes through a temporary file; returns the result (maybe NULL). */
static struct font_metrics *load_bytes(const void *data, size_t len, char *err,
                                       size_t errlen)
{
    char path[32];
    struct font_metrics *fm;

    write_temp(path, data, len);
    fm = fontmetrics_load(path, err, errlen);
    unlink(path);
    return fm;
}

static void rejected(const void *data, size_t len)
{
    char err[256] = "";
    struct font_metrics *fm = load_bytes(data, len, err, sizeof err);
    assert_null(fm);
    assert_true(strlen(err) > 0);
}

static uint32_t lcg(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

static void loads_nanum_gothic_with_its_names_and_vertical_metrics(void **state)
{
    struct font_metrics *fm = load_ok(NANUM), *bold = load_ok(NANUM_BOLD);
    (void)state;
    assert_string_equal(fontmetrics_psname(fm), "NanumGothic");
    assert_string_equal(fontmetrics_psname(bold), "NanumGothicBold");
    /* OS/2 sTypoAscender 800, sTypoDescender -200 at 1000 units per em */
    assert_int_equal(fontmetrics_ascent(fm), 800);
    assert_int_equal(fontmetrics_descent(fm), -200);
    fontmetrics_free(fm);
    fontmetrics_free(bold);
}

static void loads_nanum_gothic_in_a_few_milliseconds(void **state)
{
    double best = 1e9;
    int k;
    (void)state;
    for (k = 0; k < 5; k++) {
        struct timespec a, b;
        struct font_metrics *fm;
        double ms;
        clock_gettime(CLOCK_MONOTONIC, &a);
        fm = load_ok(NANUM);
        clock_gettime(CLOCK_MONOTONIC, &b);
        fontmetrics_free(fm);
        ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        if (ms < best)
            best = ms;
    }
    /* about 0.1 ms when built with -O2; a generous bound for sanitizer builds */
    assert_true(best < 50.0);
}

/* The numbers come from HPDF_Font_TextWidth of libharu 2.3.0 on the same file. */
static void reports_the_widths_libharu_writes_into_the_pdf(void **state)
{
    static const struct {
        uint32_t cp;
        int width;
    } known[] = {
        { ' ', 280 }, { 'A', 727 }, { 'a', 545 }, { '1', 606 }, { '(', 363 },
        { '%', 1090 }, { '.', 303 }, { 0xAC00, 940 }, { 0xD7A3, 940 }, { 0x00B7, 290 },
        { 0x25B2, 940 }, { 0x25C6, 940 }, { 0x2014, 864 }, { 0x2018, 185 },
        { 0x2019, 185 }, { 0x321C, 940 }, { 0x2460, 940 }, { 0x201C, 350 },
        { 0x20A9, 966 },
    };
    struct font_metrics *fm = load_ok(NANUM);
    const char *s = "국회의원 공약 이행률";
    size_t i;
    (void)state;
    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (fontmetrics_advance(fm, known[i].cp) != known[i].width)
            fail_msg("U+%04X: %d, expected %d", (unsigned)known[i].cp,
                     fontmetrics_advance(fm, known[i].cp), known[i].width);
    }
    assert_int_equal(fontmetrics_text_width(fm, s, strlen(s)), 9020);
    assert_int_equal(fontmetrics_text_width(fm, "", 0), 0);
    fontmetrics_free(fm);
}

static void knows_which_characters_have_no_glyph(void **state)
{
    struct font_metrics *fm = load_ok(NANUM);
    (void)state;
    assert_false(fontmetrics_has_glyph(fm, 0x2027));   /* ‧ */
    assert_false(fontmetrics_has_glyph(fm, 0x2219));   /* ∙ */
    assert_false(fontmetrics_has_glyph(fm, 0x1F600));  /* 😀, beyond the BMP */
    assert_false(fontmetrics_has_glyph(fm, 0x110000));
    assert_true(fontmetrics_has_glyph(fm, 0xAC00));    /* 가 */
    assert_true(fontmetrics_has_glyph(fm, 0x00B7));    /* · */
    assert_true(fontmetrics_has_glyph(fm, 0x25B2));    /* ▲ */
    /* a missing character measures as .notdef */
    assert_int_equal(fontmetrics_advance(fm, 0x2027), 940);
    assert_int_equal(fontmetrics_advance(fm, 0x1F600), 940);
    fontmetrics_free(fm);
}

static void finds_the_first_missing_character_and_its_offset(void **state)
{
    struct font_metrics *fm = load_ok(NANUM);
    const char *s = "가나\t다\r\n라‧마∙";
    uint32_t cp = 0;
    size_t off = 0;
    (void)state;
    assert_int_equal(fontmetrics_find_missing(fm, s, strlen(s), &cp, &off), 1);
    assert_int_equal(cp, 0x2027);
    assert_int_equal(off, strlen("가나\t다\r\n라"));
    s = "a\tb\r\n가·▲";
    assert_int_equal(fontmetrics_find_missing(fm, s, strlen(s), &cp, &off), 0);
    s = "ok 😀";
    assert_int_equal(fontmetrics_find_missing(fm, s, strlen(s), &cp, &off), 1);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(off, 3);
    fontmetrics_free(fm);
}

static void rejects_a_missing_file_with_a_message(void **state)
{
    char err[256] = "";
    (void)state;
    assert_null(fontmetrics_load("/nonexistent/NoSuchFont.ttf", err, sizeof err));
    assert_non_null(strstr(err, "NoSuchFont.ttf"));
    assert_null(fontmetrics_load("/tmp", err, sizeof err));
    assert_null(fontmetrics_load("/nonexistent/x.ttf", NULL, 0));
}

static void rejects_an_empty_file(void **state)
{
    (void)state;
    rejected("", 0);
}

static void rejects_truncated_copies_of_nanum_gothic(void **state)
{
    static const size_t cuts[] = { 1, 11, 12, 100, 331, 400, 600, 20000, 77372,
                                   100000, 129029, 131072, 1000000, 4000000 };
    size_t len, i;
    unsigned char *font = read_file(NANUM, &len);
    (void)state;
    for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        rejected(font, cuts[i]);
    rejected(font, len - 1);
    free(font);
}

static void rejects_random_garbage_without_crashing(void **state)
{
    unsigned char buf[4096];
    uint32_t seed = 12345;
    size_t i;
    int round;
    (void)state;
    for (round = 0; round < 20; round++) {
        for (i = 0; i < sizeof buf; i++)
            buf[i] = (unsigned char)lcg(&seed);
        if (round % 2) {                       /* a plausible header */
            memcpy(buf, "\0\1\0\0", 4);
            buf[4] = 0;
            buf[5] = (unsigned char)(round * 3);
        }
        rejected(buf, sizeof buf);
    }
    rejected("OTTO\0\0\0\0\0\0\0\0", 12);
    rejected("ttcf\0\1\0\0\0\0\0\1\0\0\0\14", 16);
}

/*
 * A small but complete font: the first 128 KiB of NanumGothic (everything up
 * to the end of its cmap), with the entries of the tables that do not fit
 * (glyf, loca, name, cvt, ...) pointing at an empty range.
 */
static unsigned char *mini_font(size_t *len)
{
    size_t full, i, n;
    unsigned char *font = read_file(NANUM, &full);
    *len = 131072;
    n = (size_t)font[4] << 8 | font[5];
    for (i = 0; i < n; i++) {
        unsigned char *e = font + 12 + i * 16;
        unsigned long off = (unsigned long)e[8] << 24 | (unsigned long)e[9] << 16 |
                            (unsigned long)e[10] << 8 | e[11];
        unsigned long size = (unsigned long)e[12] << 24 | (unsigned long)e[13] << 16 |
                             (unsigned long)e[14] << 8 | e[15];
        if (off + size > *len)
            memset(e + 8, 0, 8);
    }
    return font;
}

static void survives_mutated_fonts_without_reading_out_of_bounds(void **state)
{
    size_t len, i;
    unsigned char *font = mini_font(&len), *copy = malloc(len);
    uint32_t seed = 777;
    struct font_metrics *fm;
    int round, loaded = 0;
    char err[256];
    (void)state;

    fm = load_bytes(font, len, err, sizeof err);
    if (!fm)
        fail_msg("%s", err);
    assert_int_equal(fontmetrics_advance(fm, 0xAC00), 940);
    fontmetrics_free(fm);

    assert_non_null(copy);
    for (round = 0; round < 300; round++) {
        memcpy(copy, font, len);
        for (i = 0; i < 8; i++) {
            /* mostly the directory and the small tables, sometimes the cmap */
            size_t at = round % 3 ? lcg(&seed) % 600 : 77372 + lcg(&seed) % 51658;
            copy[at] = (unsigned char)lcg(&seed);
        }
        fm = load_bytes(copy, len, err, sizeof err);
        if (fm) {
            loaded++;
            (void)fontmetrics_advance(fm, 0xFFFF);
            (void)fontmetrics_has_glyph(fm, 0xAC00);
            fontmetrics_free(fm);
        }
    }
    assert_true(loaded > 0);
    free(copy);
    free(font);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_nanum_gothic_with_its_names_and_vertical_metrics),
        cmocka_unit_test(loads_nanum_gothic_in_a_few_milliseconds),
        cmocka_unit_test(reports_the_widths_libharu_writes_into_the_pdf),
        cmocka_unit_test(knows_which_characters_have_no_glyph),
        cmocka_unit_test(finds_the_first_missing_character_and_its_offset),
        cmocka_unit_test(rejects_a_missing_file_with_a_message),
        cmocka_unit_test(rejects_an_empty_file),
        cmocka_unit_test(rejects_truncated_copies_of_nanum_gothic),
        cmocka_unit_test(rejects_random_garbage_without_crashing),
        cmocka_unit_test(survives_mutated_fonts_without_reading_out_of_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
