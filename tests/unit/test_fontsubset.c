/*
 * test_fontsubset.c - the TrueType subsetter: structure and checksums of
 * what it writes, glyphs and metrics carried over from NanumGothic,
 * hinting removed, composite components pulled in and renumbered
 * (DejaVu Sans), and damaged files refused without reading out of bounds.
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
#include <unistd.h>

#include "fontmetrics.h"
#include "fontsubset.h"
#include "strbuf.h"

#define NANUM "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Table 'tag' of an sfnt in memory: its bytes and length; NULL when absent. */
static const unsigned char *table(const unsigned char *font, size_t size, const char *tag,
                                  size_t *len)
{
    unsigned n = get16(font + 4), i;
    for (i = 0; i < n; i++) {
        const unsigned char *e = font + 12 + 16 * i;
        if (memcmp(e, tag, 4) == 0) {
            assert_true(get32(e + 8) + get32(e + 12) <= size);
            *len = get32(e + 12);
            return font + get32(e + 8);
        }
    }
    return NULL;
}

/* Bytes of glyph 'gid' (long or short loca). */
static const unsigned char *glyph(const unsigned char *font, size_t size, unsigned gid,
                                  size_t *len)
{
    size_t hl, ll, gl;
    const unsigned char *head = table(font, size, "head", &hl);
    const unsigned char *loca = table(font, size, "loca", &ll);
    const unsigned char *glyf = table(font, size, "glyf", &gl);
    size_t a, b;

    assert_non_null(head);
    assert_non_null(loca);
    assert_non_null(glyf);
    if (get16(head + 50)) {
        a = get32(loca + 4 * gid);
        b = get32(loca + 4 * gid + 4);
    } else {
        a = 2u * get16(loca + 2 * gid);
        b = 2u * get16(loca + 2 * gid + 2);
    }
    assert_true(a <= b && b <= gl);
    *len = b - a;
    return glyf + a;
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i;
    for (i = 0; i < len; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, len - i < 4 ? len - i : 4);
        sum += get32(w);
    }
    return sum;
}

static struct font_subset *open_ok(const char *path)
{
    char err[256] = "";
    struct font_subset *fs = fontsubset_open(path, err, sizeof err);
    if (!fs)
        fail_msg("%s: %s", path, err);
    return fs;
}

static struct font_metrics *metrics_ok(const char *path)
{
    char err[256] = "";
    struct font_metrics *fm = fontmetrics_load(path, err, sizeof err);
    if (!fm)
        fail_msg("%s: %s", path, err);
    return fm;
}

static void ids_are_handed_out_in_order_of_first_use(void **state)
{
    struct font_metrics *fm = metrics_ok(NANUM);
    struct font_subset *fs = open_ok(NANUM);
    unsigned ga = fontmetrics_glyph_id(fm, 0xAC00), gb = fontmetrics_glyph_id(fm, 'A');

    (void)state;
    assert_true(ga != 0 && gb != 0 && ga != gb);
    assert_int_equal(fontsubset_count(fs), 1);            /* .notdef */
    assert_int_equal(fontsubset_add(fs, ga), 1);
    assert_int_equal(fontsubset_add(fs, gb), 2);
    assert_int_equal(fontsubset_add(fs, ga), 1);          /* again: same ID */
    assert_int_equal(fontsubset_add(fs, 0), 0);           /* .notdef stays 0 */
    assert_int_equal(fontsubset_add(fs, 65535), 0);       /* not in the font */
    assert_int_equal(fontsubset_count(fs), 3);
    fontsubset_free(fs);
    fontmetrics_free(fm);
}

static void the_subset_is_a_well_formed_font_with_the_same_glyphs(void **state)
{
    static const uint32_t cps[] = {0xD55C, 0xAE00, ' ', '1', 0xB300, 0x00B7};
    struct font_metrics *fm = metrics_ok(NANUM);
    struct font_subset *fs = open_ok(NANUM);
    struct strbuf out = STRBUF_INIT;
    size_t orig_len, len, i;
    unsigned char *orig = read_file(NANUM, &orig_len);
    const unsigned char *font, *t;
    unsigned n = 0;
    char err[128] = "";

    (void)state;
    for (i = 0; i < sizeof cps / sizeof cps[0]; i++)
        assert_int_equal(fontsubset_add(fs, fontmetrics_glyph_id(fm, cps[i])), i + 1);
    if (fontsubset_write(fs, &out, err, sizeof err) != 0)
        fail_msg("%s", err);
    font = (const unsigned char *)out.buf;
    assert_int_equal(get32(font), 0x00010000u);
    /* every table's checksum, and the whole font's (head.checkSumAdjustment) */
    for (i = 0; i < get16(font + 4); i++) {
        const unsigned char *e = font + 12 + 16 * i;
        if (memcmp(e, "head", 4) != 0)
            assert_int_equal(checksum(font + get32(e + 8), get32(e + 12)), get32(e + 4));
        assert_int_equal(get32(e + 8) % 4, 0);
        if (i > 0)
            assert_true(memcmp(e - 16, e, 4) < 0);       /* sorted by tag */
    }
    assert_int_equal(checksum(font, out.len), 0xB1B0AFBAu);
    /* no hinting tables, no cmap (the PDF maps CIDs to glyphs) */
    assert_null(table(font, out.len, "fpgm", &len));
    assert_null(table(font, out.len, "prep", &len));
    assert_null(table(font, out.len, "cvt ", &len));
    assert_null(table(font, out.len, "cmap", &len));
    t = table(font, out.len, "maxp", &len);
    assert_int_equal(get16(t + 4), 7);
    t = table(font, out.len, "hhea", &len);
    assert_int_equal(get16(t + 34), 7);
    /* outlines: the original's, without instructions; advances carried over */
    for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        size_t ol, sl, ends;
        unsigned gid = fontmetrics_glyph_id(fm, cps[i]);
        const unsigned char *og = glyph(orig, orig_len, gid, &ol);
        const unsigned char *sg = glyph(font, out.len, (unsigned)i + 1, &sl);
        const unsigned char *hmtx = table(font, out.len, "hmtx", &len);
        unsigned upem = get16(table(font, out.len, "head", &len) + 18);

        assert_int_equal(fontmetrics_advance(fm, cps[i]),
                         get16(hmtx + 4 * (i + 1)) * 1000 / upem);
        if (ol == 0) {                                  /* the space */
            assert_int_equal(sl, 0);
            continue;
        }
        n++;
        assert_true(get16(og) < 0x8000);                /* simple glyphs in Nanum */
        ends = 10 + 2 * get16(og);
        assert_memory_equal(og, sg, ends);
        assert_int_equal(get16(sg + ends), 0);          /* instructionLength */
        assert_int_equal(sl, (ol - get16(og + ends) + 3) & ~(size_t)3);   /* padded to 4 */
        assert_memory_equal(og + ends + 2 + get16(og + ends), sg + ends + 2,
                            ol - ends - 2 - get16(og + ends));
    }
    assert_int_equal(n, 5);
    free(orig);
    strbuf_release(&out);
    fontsubset_free(fs);
    fontmetrics_free(fm);
}

static void composite_components_are_added_and_renumbered(void **state)
{
    struct font_metrics *fm;
    struct font_subset *fs;
    struct strbuf out = STRBUF_INIT;
    size_t orig_len, ol, sl;
    unsigned char *orig;
    const unsigned char *og, *sg;
    unsigned gid, comp;
    char err[128] = "";

    (void)state;
    if (access(DEJAVU, R_OK) != 0)
        fail_msg("%s is missing (Debian package fonts-dejavu-core)", DEJAVU);
    fm = metrics_ok(DEJAVU);
    fs = open_ok(DEJAVU);
    orig = read_file(DEJAVU, &orig_len);
    gid = fontmetrics_glyph_id(fm, 0x00C0);   /* À: A and a grave accent */
    og = glyph(orig, orig_len, gid, &ol);
    assert_true(ol >= 10 && get16(og) >= 0x8000);  /* composite */
    comp = get16(og + 12);                         /* first component's glyph */
    assert_int_equal(fontsubset_add(fs, gid), 1);
    if (fontsubset_write(fs, &out, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_true(fontsubset_count(fs) >= 3);        /* .notdef, Å, its components */
    sg = glyph((const unsigned char *)out.buf, out.len, 1, &sl);
    assert_true(sl >= 16 && get16(sg) >= 0x8000);
    assert_int_equal(get16(sg + 12), 2);           /* renumbered: added right after */
    assert_int_equal(get16(sg + 10) & 0x0100, 0);  /* no instructions */
    /* the component is the original glyph */
    {
        size_t cl, nl;
        const unsigned char *cg = glyph(orig, orig_len, comp, &cl);
        const unsigned char *ng = glyph((const unsigned char *)out.buf, out.len, 2, &nl);
        assert_true(cl >= 10 && nl >= 10);
        assert_memory_equal(cg, ng, 10);           /* same contours and bounding box */
    }
    free(orig);
    strbuf_release(&out);
    fontsubset_free(fs);
    fontmetrics_free(fm);
}

static void damaged_files_are_refused(void **state)
{
    size_t len;
    unsigned char *font = read_file(NANUM, &len);
    char path[32], err[128];
    size_t cut;

    (void)state;
    assert_null(fontsubset_open("/nonexistent/font.ttf", err, sizeof err));
    assert_non_null(strstr(err, "No such file"));
    for (cut = 0; cut < 4096; cut += 509) {        /* truncated inside the directory */
        write_temp(path, font, cut);
        assert_null(fontsubset_open(path, err, sizeof err));
        unlink(path);
    }
    {                                               /* glyf runs past the end */
        size_t gl;
        const unsigned char *glyf = table(font, len, "glyf", &gl);
        write_temp(path, font, (size_t)(glyf - font) + gl / 2);
    }
    assert_null(fontsubset_open(path, err, sizeof err));
    assert_non_null(strstr(err, "outside the file"));
    unlink(path);
    free(font);
}

static void a_loca_pointing_outside_glyf_is_an_error(void **state)
{
    size_t len, ll;
    unsigned char *font = read_file(NANUM, &len);
    struct font_metrics *fm = metrics_ok(NANUM);
    unsigned gid = fontmetrics_glyph_id(fm, 0xAC00);
    const unsigned char *loca = table(font, len, "loca", &ll);
    unsigned char *p = font + (loca - font);
    struct font_subset *fs;
    struct strbuf out = STRBUF_INIT;
    char path[32], err[128] = "";

    (void)state;
    /* NanumGothic has long offsets: the glyph's end goes far past glyf */
    assert_int_equal(get16(table(font, len, "head", &ll) + 50), 1);
    memset(p + 4 * (gid + 1), 0x7F, 4);
    write_temp(path, font, len);
    fs = open_ok(path);
    assert_int_equal(fontsubset_add(fs, gid), 1);
    assert_int_equal(fontsubset_write(fs, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "malformed"));
    fontsubset_free(fs);
    unlink(path);
    strbuf_release(&out);
    fontmetrics_free(fm);
    free(font);
}

static void font_info_comes_from_head_hhea_and_os2(void **state)
{
    struct font_subset *fs = open_ok(NANUM);
    struct fontsubset_info info;

    (void)state;
    fontsubset_info(fs, &info);
    assert_int_equal(info.ascent, 920);     /* hhea, as libharu wrote it */
    assert_int_equal(info.descent, -230);
    assert_true(info.bbox[0] < info.bbox[2] && info.bbox[1] < 0 && info.bbox[3] > 0);
    assert_true(info.cap_height > 0 && info.cap_height < info.ascent);
    assert_int_equal(info.italic_angle, 0);
    assert_int_equal(info.fixed_pitch, 0);
    fontsubset_free(fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ids_are_handed_out_in_order_of_first_use),
        cmocka_unit_test(the_subset_is_a_well_formed_font_with_the_same_glyphs),
        cmocka_unit_test(composite_components_are_added_and_renumbered),
        cmocka_unit_test(damaged_files_are_refused),
        cmocka_unit_test(a_loca_pointing_outside_glyf_is_an_error),
        cmocka_unit_test(font_info_comes_from_head_hhea_and_os2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
