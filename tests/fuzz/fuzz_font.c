/*
 * fuzz_font.c - libFuzzer target for font files: any bytes are written to a
 * temporary file and read by both TrueType readers, fontmetrics (what
 * layout measures) and fontsubset (what the PDF embeds).  A file the
 * subsetter opens has its first glyphs, and what their composites pull in,
 * written out; the result must be a font of that many glyphs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fontmetrics.h"
#include "fontsubset.h"
#include "fuzz_common.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    struct font_metrics *fm;
    struct font_subset *fs;
    char err[256];
    FILE *fp;

    if (!path[0])
        snprintf(path, sizeof path, "/tmp/rg_fuzz_font.%ld", (long)getpid());
    fp = fopen(path, "wb");
    FUZZ_CHECK(fp != NULL, "cannot write %s", path);
    FUZZ_CHECK(fwrite(data, 1, size, fp) == size && fclose(fp) == 0, "cannot write %s", path);

    fm = fontmetrics_load(path, err, sizeof err);
    if (fm) {
        uint32_t cp;
        for (cp = 0; cp < 0x10000; cp += 97)
            FUZZ_CHECK(fontmetrics_glyph_id(fm, cp) != 0 || !fontmetrics_has_glyph(fm, cp),
                       "U+%04X has a glyph but glyph ID 0", (unsigned)cp);
        fontmetrics_free(fm);
    } else {
        FUZZ_CHECK(err[0] != '\0', "fontmetrics failed without a message");
    }

    fs = fontsubset_open(path, err, sizeof err);
    if (fs) {
        struct strbuf out = STRBUF_INIT;
        struct fontsubset_info info;
        unsigned g;

        fontsubset_info(fs, &info);
        for (g = 1; g < 64; g++)
            fontsubset_add(fs, g);
        if (fontsubset_write(fs, &out, err, sizeof err) == 0) {
            unsigned n = fontsubset_count(fs);
            FUZZ_CHECK(out.len >= 12 && n >= 1, "an empty subset");
            fontsubset_free(fs);
            /* what was written opens again, with the same number of glyphs */
            fp = fopen(path, "wb");
            FUZZ_CHECK(fp && fwrite(out.buf, 1, out.len, fp) == out.len && fclose(fp) == 0,
                       "cannot write %s", path);
            fs = fontsubset_open(path, err, sizeof err);
            FUZZ_CHECK(fs != NULL, "the subset does not open: %s", err);
            for (g = 1; g < n; g++)
                FUZZ_CHECK(fontsubset_add(fs, g) == g, "glyph %u of %u is missing", g, n);
        } else {
            FUZZ_CHECK(err[0] != '\0', "fontsubset_write failed without a message");
        }
        fontsubset_free(fs);
        strbuf_release(&out);
    } else {
        FUZZ_CHECK(err[0] != '\0', "fontsubset_open failed without a message");
    }
    unlink(path);
    return 0;
}
