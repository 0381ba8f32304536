/*
 * fontmetrics.h - glyph coverage and advance widths read straight from a
 * TrueType file, so that layout can measure text without the PDF library.
 *
 * Layout stage 1.  Widths are integers in 1/1000 em, computed exactly as the
 * PDF backend's library writes them into the PDF (advance * 1000 / unitsPerEm,
 * truncated; glyphs past numberOfHMetrics repeat the last advance), so what
 * layout measures is what the page shows.  Look-ups are
 * a flat table: O(1) per code point.  Only the Basic Multilingual Plane is
 * covered (the PDF backend cannot show anything beyond it); code points above
 * U+FFFF have no glyph.
 */
#ifndef RG_FONTMETRICS_H
#define RG_FONTMETRICS_H

#include <stddef.h>
#include <stdint.h>

struct font_metrics;

/*
 * Read the TrueType font at 'path'.  Returns a new object (caller frees with
 * fontmetrics_free) or NULL with a message in 'err' ('errlen' bytes; 'err'
 * may be NULL) when the file cannot be read or is not a usable TrueType font
 * (glyf outlines, a Unicode cmap of format 4 or 12, head/hhea/hmtx/maxp
 * present, every table inside the file).  Collections (.ttc) and CFF
 * OpenType are rejected.  The cmap used is (3,10) format 12, else a (0,x)
 * format 12, else (3,1) format 4, else a (0,x) format 4; for the BMP these
 * agree with the (3,1) format 4 table libharu reads.  Only the needed tables
 * are read (NanumGothic: 0.1-1.5 ms).
 */
struct font_metrics *fontmetrics_load(const char *path, char *err, size_t errlen);
void fontmetrics_free(struct font_metrics *fm);

/* 1 if the font maps 'cp' to a glyph other than .notdef. */
int fontmetrics_has_glyph(const struct font_metrics *fm, uint32_t cp);
/* The font's glyph ID for 'cp'; 0 (.notdef) when it has none. */
unsigned fontmetrics_glyph_id(const struct font_metrics *fm, uint32_t cp);
/*
 * Advance of 'cp' in 1/1000 em; the .notdef advance when there is no glyph,
 * including every code point above U+FFFF (libharu would draw those as
 * U+0020, so callers substitute them first: see fontmetrics_find_missing).
 */
int fontmetrics_advance(const struct font_metrics *fm, uint32_t cp);
/*
 * Sum of the advances of the UTF-8 text ('len' bytes), in 1/1000 em.  An
 * invalid byte counts as U+FFFD.  No kerning, as in the PDF.
 */
long fontmetrics_text_width(const struct font_metrics *fm, const char *s, size_t len);
/*
 * First code point of the UTF-8 text that has no glyph, stored in '*cp'
 * with its byte offset in '*offset'; returns 0 when every character has a
 * glyph, 1 otherwise.  Control characters TAB, LF and CR are not checked.
 */
int fontmetrics_find_missing(const struct font_metrics *fm, const char *s, size_t len,
                             uint32_t *cp, size_t *offset);
/*
 * Typographic ascender and descender (descender negative), 1/1000 em: OS/2
 * sTypoAscender/sTypoDescender when present, else hhea ascender/descender
 * (NanumGothic: 800 / -200; the PDF FontDescriptor libharu writes uses hhea,
 * 920 / -230).
 */
int fontmetrics_ascent(const struct font_metrics *fm);
int fontmetrics_descent(const struct font_metrics *fm);
/*
 * PostScript name from the 'name' table, ID 6 (borrowed; lives as long as
 * fm); "" when the font has none.  This is not always the name that
 * HPDF_LoadTTFontFromFile returns: libharu appends the style for
 * non-Regular faces ("NanumGothicBold,Bold").
 */
const char *fontmetrics_psname(const struct font_metrics *fm);

#endif /* RG_FONTMETRICS_H */
