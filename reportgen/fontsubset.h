/*
 * fontsubset.h - the font program a PDF embeds: a TrueType font cut down to
 * the glyphs a document uses, renumbered in the order of their first use.
 *
 * PDF backend helper (no PDF library here).  The PDF backend asks for the
 * subset glyph ID of every original glyph it draws while pages are written;
 * IDs are handed out 1, 2, 3… as glyphs are first used (0 stays .notdef),
 * so a PDF CIDFont can use them as CIDs with an identity CIDToGIDMap and a
 * W array and ToUnicode map no longer than the glyphs used.  At the end,
 * fontsubset_write produces the font: only the tables a PDF CIDFontType2
 * needs (ISO 32000-1 §9.9: head, hhea, maxp, hmtx, loca, glyf, and the
 * hinting tables cvt, fpgm, prep), plus OS/2 and a glyph-name-free post;
 * glyph outlines and instructions are copied as they are.  Components of
 * composite glyphs are added after the glyphs asked for.
 *
 * The file is mapped for its tables and the glyphs used are read with
 * pread, so a 4.7 MB face costs only what the subset needs.  Every offset
 * in it is checked before use.
 */
#ifndef RG_FONTSUBSET_H
#define RG_FONTSUBSET_H

#include <stddef.h>

#include "strbuf.h"

struct font_subset;

/*
 * Map the TrueType font at 'path'.  Returns a new object (caller frees with
 * fontsubset_free) or NULL with a message in 'err' ('errlen' bytes) when
 * the file cannot be read or lacks a table the subset needs.
 */
struct font_subset *fontsubset_open(const char *path, char *err, size_t errlen);
void fontsubset_free(struct font_subset *fs);

/*
 * The subset's glyph ID of original glyph 'gid': assigned on first use, in
 * order.  .notdef and IDs the font does not have give 0.
 */
unsigned fontsubset_add(struct font_subset *fs, unsigned gid);
/* Glyphs in the subset so far, .notdef included. */
unsigned fontsubset_count(const struct font_subset *fs);

/* Font-wide values for a PDF FontDescriptor, in 1/1000 em. */
struct fontsubset_info {
    int bbox[4];          /* xMin yMin xMax yMax (head) */
    int ascent, descent;  /* hhea */
    int cap_height;       /* OS/2 sCapHeight, else the ascent */
    int x_height;         /* OS/2 sxHeight, else 0 (unknown) */
    int italic_angle;     /* post, whole degrees */
    int fixed_pitch;      /* post isFixedPitch */
};
void fontsubset_info(const struct font_subset *fs, struct fontsubset_info *info);

/*
 * Append the subset font to 'out'.  Composite glyphs' components are added
 * first (so fontsubset_count may grow).  Returns 0, or -1 with a message in
 * 'err' when a glyph's data is malformed.  The result does not depend on
 * anything but the font and the glyphs added, in their order.
 */
int fontsubset_write(struct font_subset *fs, struct strbuf *out, char *err, size_t errlen);

#endif /* RG_FONTSUBSET_H */
