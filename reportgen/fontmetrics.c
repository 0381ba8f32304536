/*
 * fontmetrics.c - a small, defensive TrueType reader: reads only the tables
 * it needs (head, hhea, maxp, hmtx, cmap, OS/2, name) into memory, checks
 * every offset against the table it points into, and flattens the BMP into
 * a table of glyph IDs beside a table of advances per glyph.
 */
#include "fontmetrics.h"

#include "sfnt.h"
#include "utf8.h"
#include "xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BMP_SIZE 0x10000u
#define PSNAME_MAX 63

struct font_metrics {
    uint16_t *gid;                     /* BMP_SIZE glyph IDs; 0: .notdef (no glyph) */
    uint16_t *adv;                     /* per glyph, 1/1000 em, as the PDF shows it */
    int notdef_width;
    int ascent, descent;
    char psname[PSNAME_MAX + 1];
};

/* One table read into memory; 'len' bytes at 'data' (NULL when absent). */
struct table {
    unsigned char *data;
    size_t len;
};

/* What the loader keeps between parsing steps. */
struct loader {
    FILE *fp;
    const char *path;
    unsigned long long file_size;
    unsigned char *dir;        /* table directory records, 16 bytes each */
    unsigned num_tables;
    char *err;
    size_t errlen;
};

static void fail(struct loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void fail(struct loader *ld, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!ld->err || ld->errlen == 0)
        return;
    n = snprintf(ld->err, ld->errlen, "%s: ", ld->path);
    if (n < 0 || (size_t)n >= ld->errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* 1 if [off, off + n) lies inside a buffer of 'len' bytes (no overflow). */
static int fits(size_t len, size_t off, size_t n)
{
    return off <= len && n <= len - off;
}

static int read_at(struct loader *ld, unsigned long long off, void *buf, size_t n)
{
    /* 'off' never exceeds the file size, which fstat reported as an off_t */
    if (fseeko(ld->fp, (off_t)off, SEEK_SET) != 0)
        return -1;
    return fread(buf, 1, n, ld->fp) == n ? 0 : -1;
}

static int read_directory(struct loader *ld)
{
    unsigned char hdr[12];
    uint32_t version;
    size_t dir_len;
    unsigned i;

    if (ld->file_size < sizeof hdr) {
        fail(ld, "not a TrueType font (file too short)");
        return -1;
    }
    if (read_at(ld, 0, hdr, sizeof hdr) != 0) {
        fail(ld, "cannot read the font header");
        return -1;
    }
    version = sfnt_u32(hdr);
    if (version == 0x74746366u) {                           /* 'ttcf' */
        fail(ld, "font collections (.ttc) are not supported");
        return -1;
    }
    if (version == 0x4F54544Fu) {                           /* 'OTTO' */
        fail(ld, "CFF-flavoured OpenType is not supported (need glyf outlines)");
        return -1;
    }
    if (version != 0x00010000u && version != 0x74727565u) { /* 'true' */
        fail(ld, "not a TrueType font (bad sfnt version 0x%08lx)",
             (unsigned long)version);
        return -1;
    }
    ld->num_tables = sfnt_u16(hdr + 4);
    dir_len = (size_t)ld->num_tables * 16;
    if (ld->num_tables == 0 || ld->file_size - sizeof hdr < dir_len) {
        fail(ld, "truncated or empty table directory");
        return -1;
    }
    ld->dir = xmalloc(dir_len);
    if (read_at(ld, sizeof hdr, ld->dir, dir_len) != 0) {
        fail(ld, "cannot read the table directory");
        return -1;
    }
    /* every table, used or not, must lie in the file: this catches truncation */
    for (i = 0; i < ld->num_tables; i++) {
        const unsigned char *e = ld->dir + (size_t)i * 16;
        unsigned long long off = sfnt_u32(e + 8), len = sfnt_u32(e + 12);
        if (off > ld->file_size || len > ld->file_size - off) {
            fail(ld, "table '%.4s' lies outside the file (truncated?)", (const char *)e);
            return -1;
        }
    }
    return 0;
}

/* Directory record for 'tag' (first match), or NULL. */
static const unsigned char *find_entry(const struct loader *ld, const char *tag)
{
    unsigned i;
    for (i = 0; i < ld->num_tables; i++)
        if (memcmp(ld->dir + (size_t)i * 16, tag, 4) == 0)
            return ld->dir + (size_t)i * 16;
    return NULL;
}

/*
 * Read table 'tag' into 't'.  Returns 0 when read, 1 when absent (t->data
 * NULL), -1 on error.  A table shorter than 'min_len' is an error.
 */
static int load_table(struct loader *ld, const char *tag, size_t min_len, struct table *t)
{
    const unsigned char *e = find_entry(ld, tag);
    unsigned long long off, len;

    t->data = NULL;
    t->len = 0;
    if (!e)
        return 1;
    off = sfnt_u32(e + 8);
    len = sfnt_u32(e + 12);
    if (off > ld->file_size || len > ld->file_size - off) {
        fail(ld, "table '%.4s' lies outside the file (truncated?)", tag);
        return -1;
    }
    if (len < min_len) {
        fail(ld, "table '%.4s' is too short (%llu bytes)", tag, len);
        return -1;
    }
    t->data = xmalloc((size_t)len);
    t->len = (size_t)len;
    if (len > 0 && read_at(ld, off, t->data, (size_t)len) != 0) {
        fail(ld, "cannot read table '%.4s'", tag);
        return -1;
    }
    return 0;
}

static void set_glyph(struct font_metrics *fm, uint32_t cp, uint32_t gid, unsigned num_glyphs)
{
    if (gid == 0 || gid >= num_glyphs)
        return;                 /* .notdef: keep the default entry */
    fm->gid[cp] = (uint16_t)gid;
}

/*
 * cmap format 4 at 'off' of the cmap table.  Segments are walked once, in
 * table order; a code point belongs to the first segment whose endCode is
 * >= it (the lookup rule, which also makes unsorted or overlapping segments
 * of a hostile file cost O(65536 + segments)).
 */
static int parse_format4(struct font_metrics *fm, const struct table *cmap, size_t off,
                         unsigned num_glyphs)
{
    const unsigned char *t = cmap->data;
    size_t len = cmap->len;     /* the 16-bit length field overflows in big fonts */
    size_t segs, ends, starts, deltas, ranges, i;
    uint32_t next = 0;

    if (!fits(len, off, 14))
        return -1;
    segs = sfnt_u16(t + off + 6) / 2;
    if (segs == 0)
        return -1;
    ends = off + 14;
    starts = ends + segs * 2 + 2;
    deltas = starts + segs * 2;
    ranges = deltas + segs * 2;
    if (!fits(len, ranges, segs * 2))
        return -1;

    for (i = 0; i < segs && next < BMP_SIZE; i++) {
        uint32_t end = sfnt_u16(t + ends + i * 2);
        uint32_t start = sfnt_u16(t + starts + i * 2);
        unsigned delta = sfnt_u16(t + deltas + i * 2);
        size_t ro_pos = ranges + i * 2;
        unsigned ro = sfnt_u16(t + ro_pos);
        uint32_t cp = start > next ? start : next;

        for (; cp <= end; cp++) {
            uint32_t gid;
            if (ro == 0) {
                gid = (cp + delta) & 0xFFFFu;
            } else {
                size_t at = ro_pos + ro + (size_t)(cp - start) * 2;
                if (!fits(len, at, 2))
                    break;      /* the rest of the segment points outside */
                gid = sfnt_u16(t + at);
                if (gid != 0)
                    gid = (gid + delta) & 0xFFFFu;
            }
            set_glyph(fm, cp, gid, num_glyphs);
        }
        if (end + 1 > next)
            next = end + 1;
    }
    return 0;
}

/* cmap format 12 at 'off': sequential groups; only the BMP part is kept. */
static int parse_format12(struct font_metrics *fm, const struct table *cmap, size_t off,
                          unsigned num_glyphs)
{
    const unsigned char *t = cmap->data;
    size_t len = cmap->len;
    uint32_t groups, i, next = 0;

    if (!fits(len, off, 16))
        return -1;
    groups = sfnt_u32(t + off + 12);
    if (groups > (len - off - 16) / 12)
        return -1;

    for (i = 0; i < groups && next < BMP_SIZE; i++) {
        const unsigned char *g = t + off + 16 + (size_t)i * 12;
        uint32_t start = sfnt_u32(g), end = sfnt_u32(g + 4), first = sfnt_u32(g + 8);
        uint32_t cp = start > next ? start : next;

        if (end < start)
            continue;
        if (end >= BMP_SIZE)
            end = BMP_SIZE - 1;
        for (; cp <= end; cp++) {
            uint32_t gid = first + (cp - start);
            set_glyph(fm, cp, gid >= first ? gid : 0, num_glyphs);
        }
        if (end + 1 > next)
            next = end + 1;
    }
    return 0;
}

/*
 * Pick the best Unicode subtable: (3,10) format 12, then any (0,x) format
 * 12, then (3,1) format 4, then any (0,x) format 4; and parse it.
 */
static int parse_cmap(struct loader *ld, struct font_metrics *fm,
                      const struct table *cmap, unsigned num_glyphs)
{
    const unsigned char *t = cmap->data;
    unsigned n, i, best_rank = 0, best_format = 0;
    size_t best_off = 0;

    if (!fits(cmap->len, 0, 4) || sfnt_u16(t) != 0) {
        fail(ld, "unsupported cmap table version");
        return -1;
    }
    n = sfnt_u16(t + 2);
    if (!fits(cmap->len, 4, (size_t)n * 8)) {
        fail(ld, "truncated cmap table");
        return -1;
    }
    for (i = 0; i < n; i++) {
        const unsigned char *r = t + 4 + (size_t)i * 8;
        unsigned platform = sfnt_u16(r), encoding = sfnt_u16(r + 2), format, rank = 0;
        size_t off = sfnt_u32(r + 4);

        if (!fits(cmap->len, off, 2))
            continue;
        format = sfnt_u16(t + off);
        if (format == 12)
            rank = platform == 3 && encoding == 10 ? 4 : platform == 0 ? 3 : 0;
        else if (format == 4)
            rank = platform == 3 && encoding == 1 ? 2 : platform == 0 ? 1 : 0;
        if (rank > best_rank) {
            best_rank = rank;
            best_off = off;
            best_format = format;
        }
    }
    if (best_rank == 0) {
        fail(ld, "no Unicode cmap of format 4 or 12");
        return -1;
    }
    if ((best_format == 12 ? parse_format12 : parse_format4)(fm, cmap, best_off,
                                                             num_glyphs) != 0) {
        fail(ld, "malformed cmap format %u subtable", best_format);
        return -1;
    }
    return 0;
}

/* PostScript names are printable ASCII without the PostScript delimiters. */
static int psname_char(unsigned c)
{
    return c > 0x20 && c < 0x7F && !strchr("[](){}<>/%", (int)c);
}

/*
 * Name ID 6, preferring platform 3 English (US), then any platform 3 or 0
 * (UTF-16BE), then Macintosh Roman.  Characters outside the PostScript name
 * set are dropped.  A missing or unreadable name leaves "".
 */
static void parse_name(struct font_metrics *fm, const struct table *name)
{
    const unsigned char *t = name->data;
    unsigned count, storage, i, best_rank = 0, best_len = 0, best_wide = 0;
    size_t best_off = 0, j, n = 0;

    fm->psname[0] = '\0';
    if (!t || !fits(name->len, 0, 6))
        return;
    count = sfnt_u16(t + 2);
    storage = sfnt_u16(t + 4);
    if (!fits(name->len, 6, (size_t)count * 12))
        return;
    for (i = 0; i < count; i++) {
        const unsigned char *r = t + 6 + (size_t)i * 12;
        unsigned platform = sfnt_u16(r), lang = sfnt_u16(r + 4), id = sfnt_u16(r + 6);
        unsigned len = sfnt_u16(r + 8), rank = 0;
        size_t off = (size_t)storage + sfnt_u16(r + 10);

        if (id != 6 || len == 0 || !fits(name->len, off, len))
            continue;
        if (platform == 3)
            rank = lang == 0x409 ? 4 : 3;
        else if (platform == 0)
            rank = 2;
        else if (platform == 1 && sfnt_u16(r + 2) == 0)
            rank = 1;
        if (rank > best_rank) {
            best_rank = rank;
            best_off = off;
            best_len = len;
            best_wide = platform != 1;
        }
    }
    if (best_rank == 0)
        return;
    for (j = 0; j < best_len && n < PSNAME_MAX; j += best_wide ? 2 : 1) {
        unsigned c;
        if (best_wide) {
            if (j + 1 >= best_len)
                break;
            c = sfnt_u16(t + best_off + j);
        } else {
            c = t[best_off + j];
        }
        if (psname_char(c))
            fm->psname[n++] = (char)c;
    }
    fm->psname[n] = '\0';
}

static int scale(int v, unsigned upem)
{
    return (int)((long)v * 1000 / (long)upem);
}

static int load(struct loader *ld, struct font_metrics *fm)
{
    struct table head, hhea, maxp, hmtx, cmap, os2, name;
    struct table *all[] = { &head, &hhea, &maxp, &hmtx, &cmap, &os2, &name };
    uint16_t *adv = NULL;
    unsigned upem, num_glyphs, num_hmetrics, g, last = 0;
    int rc = -1;
    size_t k;

    for (k = 0; k < sizeof all / sizeof all[0]; k++)
        all[k]->data = NULL;
    if (read_directory(ld) != 0)
        goto out;
    if (find_entry(ld, "CFF ") || find_entry(ld, "CFF2") || !find_entry(ld, "glyf") ||
        !find_entry(ld, "loca")) {
        fail(ld, "no glyf outlines (only TrueType-flavoured fonts are supported)");
        goto out;
    }
    if (load_table(ld, "head", 54, &head) || load_table(ld, "hhea", 36, &hhea) ||
        load_table(ld, "maxp", 6, &maxp) || load_table(ld, "hmtx", 4, &hmtx) ||
        load_table(ld, "cmap", 4, &cmap)) {
        if (ld->err && ld->errlen && !ld->err[0])
            fail(ld, "required table head, hhea, maxp, hmtx or cmap is missing");
        goto out;
    }
    if (load_table(ld, "OS/2", 0, &os2) < 0 || load_table(ld, "name", 0, &name) < 0)
        goto out;

    if (sfnt_u32(head.data + 12) != 0x5F0F3CF5u) {
        fail(ld, "bad magic number in the head table");
        goto out;
    }
    upem = sfnt_u16(head.data + 18);
    if (upem < 16 || upem > 16384) {
        fail(ld, "unitsPerEm %u out of range", upem);
        goto out;
    }
    num_glyphs = sfnt_u16(maxp.data + 4);
    num_hmetrics = sfnt_u16(hhea.data + 34);
    if (num_glyphs == 0 || num_hmetrics == 0) {
        fail(ld, "font has no glyphs or no horizontal metrics");
        goto out;
    }
    if (num_hmetrics > num_glyphs)
        num_hmetrics = num_glyphs;
    if (hmtx.len / 4 < num_hmetrics) {
        fail(ld, "hmtx table too short for %u metrics", num_hmetrics);
        goto out;
    }

    /*
     * Per-glyph width as libharu 2.3.0 computes it (HPDF_TTFontDef_GetGidWidth
     * with ParseHmtx): advance * 1000 / unitsPerEm in unsigned integers,
     * truncated; glyphs past numberOfHMetrics repeat the last advance.
     * (libharu returns the width as an INT16, so above 32767 it turns
     * negative; here widths are kept up to 65535 and clamped beyond.)
     */
    adv = xmalloc(sizeof *adv * num_glyphs);
    for (g = 0; g < num_glyphs; g++) {
        unsigned long w;
        if (g < num_hmetrics)
            last = sfnt_u16(hmtx.data + (size_t)g * 4);
        w = (unsigned long)last * 1000 / upem;
        adv[g] = (uint16_t)(w > 0xFFFF ? 0xFFFF : w);
    }
    fm->notdef_width = adv[0];
    fm->adv = adv;
    adv = NULL;
    fm->gid = xcalloc(BMP_SIZE, sizeof *fm->gid);
    if (parse_cmap(ld, fm, &cmap, num_glyphs) != 0)
        goto out;

    if (os2.data && os2.len >= 72 && (sfnt_u16(os2.data + 68) || sfnt_u16(os2.data + 70))) {
        fm->ascent = scale(sfnt_s16(os2.data + 68), upem);
        fm->descent = scale(sfnt_s16(os2.data + 70), upem);
    } else {
        fm->ascent = scale(sfnt_s16(hhea.data + 4), upem);
        fm->descent = scale(sfnt_s16(hhea.data + 6), upem);
    }
    if (fm->descent > 0)
        fm->descent = -fm->descent;
    parse_name(fm, &name);
    rc = 0;
out:
    free(adv);
    for (k = 0; k < sizeof all / sizeof all[0]; k++)
        free(all[k]->data);
    return rc;
}

struct font_metrics *fontmetrics_load(const char *path, char *err, size_t errlen)
{
    struct loader ld;
    struct font_metrics *fm;
    struct stat st;
    int rc;

    memset(&ld, 0, sizeof ld);
    ld.path = path;
    ld.err = err;
    ld.errlen = errlen;
    if (err && errlen)
        err[0] = '\0';

    ld.fp = fopen(path, "rb");
    if (!ld.fp) {
        fail(&ld, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fileno(ld.fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fail(&ld, "not a regular file");
        fclose(ld.fp);
        return NULL;
    }
    ld.file_size = (unsigned long long)st.st_size;

    fm = xcalloc(1, sizeof *fm);
    rc = load(&ld, fm);
    free(ld.dir);
    fclose(ld.fp);
    if (rc != 0) {
        fontmetrics_free(fm);
        return NULL;
    }
    return fm;
}

void fontmetrics_free(struct font_metrics *fm)
{
    if (!fm)
        return;
    free(fm->gid);
    free(fm->adv);
    free(fm);
}

int fontmetrics_has_glyph(const struct font_metrics *fm, uint32_t cp)
{
    return cp < BMP_SIZE && fm->gid[cp] != 0;
}

unsigned fontmetrics_glyph_id(const struct font_metrics *fm, uint32_t cp)
{
    return cp < BMP_SIZE ? fm->gid[cp] : 0;
}

int fontmetrics_advance(const struct font_metrics *fm, uint32_t cp)
{
    return cp < BMP_SIZE ? fm->adv[fm->gid[cp]] : fm->notdef_width;
}

long fontmetrics_text_width(const struct font_metrics *fm, const char *s, size_t len)
{
    size_t i = 0, used;
    long w = 0;

    while (i < len) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);
        w += fontmetrics_advance(fm, cp);
        i += used;
    }
    return w;
}

int fontmetrics_find_missing(const struct font_metrics *fm, const char *s, size_t len,
                             uint32_t *cp, size_t *offset)
{
    size_t i = 0, used;

    while (i < len) {
        uint32_t c = utf8_decode(s + i, len - i, &used);
        if (c != '\t' && c != '\n' && c != '\r' && !fontmetrics_has_glyph(fm, c)) {
            *cp = c;
            *offset = i;
            return 1;
        }
        i += used;
    }
    return 0;
}

int fontmetrics_ascent(const struct font_metrics *fm)
{
    return fm->ascent;
}

int fontmetrics_descent(const struct font_metrics *fm)
{
    return fm->descent;
}

const char *fontmetrics_psname(const struct font_metrics *fm)
{
    return fm->psname;
}
