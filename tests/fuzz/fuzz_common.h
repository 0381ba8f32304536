/*
 * fuzz_common.h - helpers shared by the fuzz targets in this directory:
 * invariant checks that abort with a message, the fonts and files read once
 * from the source tree (REPORTGEN_DATADIR, else the current directory), and
 * checks that every diagnostic carries a position.
 */
#ifndef RG_FUZZ_COMMON_H
#define RG_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "display.h"
#include "fontmetrics.h"
#include "strbuf.h"
#include "utf8.h"

/* Abort (a crash for libFuzzer) with a message when 'cond' is false. */
#define FUZZ_CHECK(cond, ...)                                                    \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, \
                    #cond);                                                      \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
            abort();                                                             \
        }                                                                        \
    } while (0)

/*
 * 1 when check 'name' is listed in FUZZ_ALLOW (comma-separated), so that a
 * fuzzing run can look past a known, reported problem for other ones.
 * Names: cluster-split (fuzz_linebreak), diag-utf8 (diagnostic texts),
 * tall-header (fuzz_layoutdef).
 */
static inline int fuzz_allowed(const char *name)
{
    const char *v = getenv("FUZZ_ALLOW");
    size_t n = strlen(name);
    while (v && *v) {
        const char *comma = strchr(v, ',');
        size_t len = comma ? (size_t)(comma - v) : strlen(v);
        if (len == n && memcmp(v, name, n) == 0)
            return 1;
        v = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* Directory holding layouts/ and the source tree's test files. */
static inline const char *fuzz_datadir(void)
{
    const char *d = getenv("REPORTGEN_DATADIR");
    return d && *d ? d : ".";
}

/* "<datadir>/<rel>" in 'out' (reset first). */
static inline void fuzz_path(struct strbuf *out, const char *rel)
{
    strbuf_reset(out);
    strbuf_addf(out, "%s/%s", fuzz_datadir(), rel);
}

/* The whole file at "<datadir>/<rel>" into 'out'; aborts when unreadable. */
static inline void fuzz_read_file(const char *rel, struct strbuf *out)
{
    struct strbuf path = STRBUF_INIT;
    char buf[16384];
    size_t n;
    FILE *f;

    fuzz_path(&path, rel);
    f = fopen(path.buf, "rb");
    FUZZ_CHECK(f != NULL, "cannot open '%s' (run from the source tree or set "
               "REPORTGEN_DATADIR)", path.buf);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(out, buf, n);
    fclose(f);
    strbuf_release(&path);
}

#define FUZZ_FONT_DIR "/usr/share/fonts/truetype/nanum/"

struct fuzz_fonts {
    struct font_metrics *fm[DL_FONT_COUNT];
    const char *file[DL_FONT_COUNT];
};

/* NanumGothic and NanumGothicBold, loaded on the first call and kept. */
static inline const struct fuzz_fonts *fuzz_fonts(void)
{
    static struct fuzz_fonts fonts;
    static const char *const files[DL_FONT_COUNT] = {
        FUZZ_FONT_DIR "NanumGothic.ttf", FUZZ_FONT_DIR "NanumGothicBold.ttf",
    };
    int f;

    if (fonts.fm[0])
        return &fonts;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        char err[256];
        fonts.file[f] = files[f];
        fonts.fm[f] = fontmetrics_load(files[f], err, sizeof err);
        FUZZ_CHECK(fonts.fm[f] != NULL, "%s", err);
    }
    return &fonts;
}

/* A sink for printed diagnostics, opened once (nothing reaches a disk). */
static inline FILE *fuzz_devnull(void)
{
    static FILE *null;
    if (!null) {
        null = fopen("/dev/null", "w");
        FUZZ_CHECK(null != NULL, "cannot open /dev/null");
    }
    return null;
}

/*
 * Every stored diagnostic from index 'from' on names 'file' with a line and
 * a column (when 'file' is not NULL), and its texts are valid UTF-8.  Then
 * print the list to /dev/null, so that the printing code runs too.
 */
static inline void fuzz_check_diags(const struct diag_list *diags, size_t from,
                                    const char *file)
{
    static int allow_utf8 = -1;
    size_t i;

    if (allow_utf8 < 0)
        allow_utf8 = fuzz_allowed("diag-utf8");
    for (i = from; i < diags->count; i++) {
        const struct diag *d = &diags->items[i];
        FUZZ_CHECK(!file || (d->pos.file && strcmp(d->pos.file, file) == 0),
                   "diagnostic %zu (%s) names no file", i, diag_message(d->code));
        FUZZ_CHECK(!file || (d->pos.line >= 1 && d->pos.column >= 1),
                   "diagnostic %zu (%s) at line %d column %d", i, diag_message(d->code),
                   d->pos.line, d->pos.column);
        FUZZ_CHECK(allow_utf8 || !d->text || utf8_valid(d->text, strlen(d->text)),
                   "diagnostic %zu (%s): text is not UTF-8", i, diag_message(d->code));
        FUZZ_CHECK(!d->path || utf8_valid(d->path, strlen(d->path)),
                   "diagnostic %zu (%s): path is not UTF-8", i, diag_message(d->code));
        FUZZ_CHECK(!d->record_id || utf8_valid(d->record_id, strlen(d->record_id)),
                   "diagnostic %zu (%s): record id is not UTF-8", i, diag_message(d->code));
    }
    diag_print_all(fuzz_devnull(), diags);
}

#endif /* RG_FUZZ_COMMON_H */
