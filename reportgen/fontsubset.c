/*
 * fontsubset.c - a TrueType subsetter for PDF embedding: maps the font file,
 * hands out new glyph IDs in order of first use, and writes a font with
 * just those glyphs (composite components added, their references
 * renumbered) and the tables a PDF CIDFontType2 needs.
 */
#include "fontsubset.h"

#include "sfnt.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A table of the mapped file: 'len' bytes at 'off' (len 0: absent). */
struct span {
    size_t off, len;
};

struct font_subset {
    const unsigned char *data;   /* the mapped file (tables; glyphs are read with pread) */
    size_t size;
    int fd;
    struct span head, hhea, maxp, hmtx, loca, glyf, os2, post;
    unsigned num_glyphs, num_hmetrics, upem;
    int loca_long;
    uint16_t *new_of_old;        /* num_glyphs entries; 0: not (yet) in the subset */
    uint16_t *old_of_new;        /* 'count' used */
    unsigned count;
};

static void say(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Find table 'tag' in the directory; 0 when found (and inside the file). */
static int find_table(const struct font_subset *fs, unsigned num_tables, const char *tag,
                      struct span *s)
{
    unsigned i;

    s->off = s->len = 0;
    for (i = 0; i < num_tables; i++) {
        const unsigned char *e = fs->data + 12 + (size_t)i * 16;
        size_t off = sfnt_u32(e + 8), len = sfnt_u32(e + 12);
        if (memcmp(e, tag, 4) != 0)
            continue;
        if (off > fs->size || len > fs->size - off)
            return -1;
        s->off = off;
        s->len = len;
        return 0;
    }
    return 1;
}

static int parse(struct font_subset *fs, char *err, size_t errlen)
{
    struct {
        const char *tag;
        struct span *s;
        int required;
        size_t min_len;
    } tables[] = {
        {"head", &fs->head, 1, 54}, {"hhea", &fs->hhea, 1, 36}, {"maxp", &fs->maxp, 1, 6},
        {"hmtx", &fs->hmtx, 1, 4},  {"loca", &fs->loca, 1, 4},  {"glyf", &fs->glyf, 1, 0},
        {"OS/2", &fs->os2, 0, 0},   {"post", &fs->post, 0, 0},
    };
    unsigned num_tables, i;
    size_t need;

    if (fs->size < 12 || (sfnt_u32(fs->data) != 0x00010000u && sfnt_u32(fs->data) != 0x74727565u)) {
        say(err, errlen, "not a TrueType font with glyf outlines");
        return -1;
    }
    num_tables = sfnt_u16(fs->data + 4);
    if (fs->size - 12 < (size_t)num_tables * 16) {
        say(err, errlen, "truncated table directory");
        return -1;
    }
    for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        int rc = find_table(fs, num_tables, tables[i].tag, tables[i].s);
        if (rc < 0 || (tables[i].required && (rc > 0 || tables[i].s->len < tables[i].min_len))) {
            say(err, errlen, "table '%s' is %s", tables[i].tag,
                rc < 0 ? "outside the file" : rc > 0 ? "missing" : "too short");
            return -1;
        }
    }
    fs->upem = sfnt_u16(fs->data + fs->head.off + 18);
    fs->loca_long = sfnt_u16(fs->data + fs->head.off + 50) != 0;
    fs->num_glyphs = sfnt_u16(fs->data + fs->maxp.off + 4);
    fs->num_hmetrics = sfnt_u16(fs->data + fs->hhea.off + 34);
    if (fs->num_hmetrics > fs->num_glyphs)
        fs->num_hmetrics = fs->num_glyphs;
    need = ((size_t)fs->num_glyphs + 1) * (fs->loca_long ? 4 : 2);
    if (fs->upem < 16 || fs->upem > 16384 || fs->num_glyphs == 0 || fs->num_hmetrics == 0 ||
        fs->loca.len < need || fs->hmtx.len / 4 < fs->num_hmetrics) {
        say(err, errlen, "inconsistent head, maxp, hhea, hmtx or loca table");
        return -1;
    }
    return 0;
}

struct font_subset *fontsubset_open(const char *path, char *err, size_t errlen)
{
    struct font_subset *fs;
    struct stat st;
    void *map;
    int fd;

    if (err && errlen)
        err[0] = '\0';
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        say(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 12) {
        say(err, errlen, "not a regular file of a font's size");
        close(fd);
        return NULL;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        say(err, errlen, "cannot map: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    fs = xcalloc(1, sizeof *fs);
    fs->fd = fd;
    fs->data = map;
    fs->size = (size_t)st.st_size;
    if (parse(fs, err, errlen) < 0) {
        fontsubset_free(fs);
        return NULL;
    }
    fs->new_of_old = xcalloc(fs->num_glyphs, sizeof *fs->new_of_old);
    fs->old_of_new = xcalloc(fs->num_glyphs, sizeof *fs->old_of_new);
    fs->count = 1;   /* .notdef, 0 -> 0 */
    return fs;
}

void fontsubset_free(struct font_subset *fs)
{
    if (!fs)
        return;
    munmap((void *)fs->data, fs->size);
    close(fs->fd);
    free(fs->new_of_old);
    free(fs->old_of_new);
    free(fs);
}

unsigned fontsubset_add(struct font_subset *fs, unsigned gid)
{
    if (gid == 0 || gid >= fs->num_glyphs)
        return 0;
    if (!fs->new_of_old[gid]) {
        /* count < num_glyphs <= 65535: every original glyph is added at most once */
        fs->new_of_old[gid] = (uint16_t)fs->count;
        fs->old_of_new[fs->count++] = (uint16_t)gid;
    }
    return fs->new_of_old[gid];
}

unsigned fontsubset_count(const struct font_subset *fs)
{
    return fs->count;
}

static int scaled(const struct font_subset *fs, int v)
{
    return (int)((long)v * 1000 / (long)fs->upem);
}

void fontsubset_info(const struct font_subset *fs, struct fontsubset_info *info)
{
    const unsigned char *head = fs->data + fs->head.off, *hhea = fs->data + fs->hhea.off;
    int i;

    for (i = 0; i < 4; i++)
        info->bbox[i] = scaled(fs, sfnt_s16(head + 36 + 2 * i));
    info->ascent = scaled(fs, sfnt_s16(hhea + 4));
    info->descent = scaled(fs, sfnt_s16(hhea + 6));
    info->cap_height = info->ascent;
    info->x_height = 0;
    if (fs->os2.len >= 90 && sfnt_u16(fs->data + fs->os2.off) >= 2) {
        info->x_height = scaled(fs, sfnt_s16(fs->data + fs->os2.off + 86));
        info->cap_height = scaled(fs, sfnt_s16(fs->data + fs->os2.off + 88));
    }
    info->italic_angle = 0;
    info->fixed_pitch = 0;
    if (fs->post.len >= 16) {
        info->italic_angle = sfnt_s16(fs->data + fs->post.off + 4);
        info->fixed_pitch = sfnt_u32(fs->data + fs->post.off + 12) != 0;
    }
}

/* ---- writing ---------------------------------------------------------------- */

/* The bytes of original glyph 'gid' in glyf; -1 when loca points outside it. */
static int glyph_span(const struct font_subset *fs, unsigned gid, struct span *g)
{
    const unsigned char *loca = fs->data + fs->loca.off;
    size_t a, b;

    if (fs->loca_long) {
        a = sfnt_u32(loca + (size_t)gid * 4);
        b = sfnt_u32(loca + (size_t)gid * 4 + 4);
    } else {
        a = (size_t)sfnt_u16(loca + (size_t)gid * 2) * 2;
        b = (size_t)sfnt_u16(loca + (size_t)gid * 2 + 2) * 2;
    }
    if (a > b || b > fs->glyf.len)
        return -1;
    g->off = fs->glyf.off + a;
    g->len = b - a;
    return 0;
}

/*
 * Append the 'len' bytes at 'off' of the file to 'out'.  Glyphs are read,
 * not touched through the mapping: a few hundred glyphs scattered over a
 * 4.7 MB face cost a fault each in the mapping, several times a read.
 */
static int read_at(const struct font_subset *fs, size_t off, size_t len, struct strbuf *out)
{
    strbuf_grow(out, len);
    while (len > 0) {
        ssize_t got = pread(fs->fd, out->buf + out->len, len, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        out->len += (size_t)got;
        off += (size_t)got;
        len -= (size_t)got;
    }
    out->buf[out->len] = '\0';
    return 0;
}

/* composite glyph flags */
enum {
    ARG_1_AND_2_ARE_WORDS = 0x0001,
    WE_HAVE_A_SCALE = 0x0008,
    MORE_COMPONENTS = 0x0020,
    WE_HAVE_AN_X_AND_Y_SCALE = 0x0040,
    WE_HAVE_A_TWO_BY_TWO = 0x0080,
};

/* Bytes of a component record after its flags and glyph index. */
static size_t component_args(unsigned flags)
{
    size_t n = flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2;

    if (flags & WE_HAVE_A_SCALE)
        n += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
        n += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO)
        n += 8;
    return n;
}

/*
 * Walk the components of composite glyph 'g' (len >= 10, contours < 0).
 * With 'out' NULL, add each component to the subset; otherwise 'out' is a
 * copy of the glyph and its component IDs are replaced by the new ones.
 */
static int components(struct font_subset *fs, const unsigned char *g, size_t len,
                      unsigned char *out)
{
    size_t p = 10;
    unsigned flags;

    do {
        unsigned gid;
        if (len - p < 4)
            return -1;
        flags = sfnt_u16(g + p);
        gid = sfnt_u16(g + p + 2);
        if (out)
            sfnt_put16(out + p + 2, gid < fs->num_glyphs ? fs->new_of_old[gid] : 0);
        else
            fontsubset_add(fs, gid);
        p += 4 + component_args(flags);
        if (p > len)
            return -1;
    } while (flags & MORE_COMPONENTS);
    return 0;
}

static int is_composite(const unsigned char *g, size_t len)
{
    return len >= 10 && sfnt_s16(g) < 0;
}

enum { WE_HAVE_INSTRUCTIONS = 0x0100 };

/*
 * Append glyph 'g' to 'out' without its instructions: a simple glyph's
 * instructionLength becomes 0, a composite loses WE_HAVE_INSTRUCTIONS and
 * the instructions after its last component.  -1 when malformed.
 */
static int add_unhinted(struct strbuf *out, const unsigned char *g, size_t len)
{
    int contours;
    size_t p;

    if (len < 10)
        return -1;    /* shorter than a glyph header */
    contours = sfnt_s16(g);
    if (contours >= 0) {
        size_t ends = 10 + (size_t)contours * 2;
        if (len < ends + 2 || len - ends - 2 < sfnt_u16(g + ends))
            return -1;
        strbuf_add(out, g, ends);
        strbuf_add(out, "\0\0", 2);
        p = ends + 2 + sfnt_u16(g + ends);
        strbuf_add(out, g + p, len - p);
        return 0;
    }
    p = 10;
    for (;;) {
        unsigned flags = sfnt_u16(g + p);   /* in bounds: components() checked the glyph */
        size_t at = p;
        p += 4 + component_args(flags);
        if (!(flags & MORE_COMPONENTS)) {
            size_t start = out->len;
            strbuf_add(out, g, p);
            sfnt_put16((unsigned char *)out->buf + start + at, flags & ~(unsigned)WE_HAVE_INSTRUCTIONS);
            return 0;
        }
    }
}

/* A table being assembled. */
struct out_table {
    char tag[5];
    struct strbuf body;
};

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i;

    for (i = 0; i + 4 <= len; i += 4)
        sum += sfnt_u32(p + i);
    if (i < len) {
        unsigned char last[4] = {0, 0, 0, 0};
        memcpy(last, p + i, len - i);
        sum += sfnt_u32(last);
    }
    return sum;
}

static void copy_table(struct out_table *t, const struct font_subset *fs, struct span s,
                       size_t len)
{
    strbuf_add(&t->body, fs->data + s.off, len);
}

int fontsubset_write(struct font_subset *fs, struct strbuf *out, char *err, size_t errlen)
{
    enum { OS2, GLYF, HEAD, HHEA, HMTX, LOCA, MAXP, POST, N_TABLES };
    static const char *const tags[N_TABLES] = {"OS/2", "glyf", "head", "hhea",
                                               "hmtx", "loca", "maxp", "post"};
    struct out_table t[N_TABLES];
    struct strbuf glyphs = STRBUF_INIT;   /* the glyphs' bytes, in subset order */
    size_t *at = NULL, *glen = NULL, alloc_at = 0, alloc_glen = 0;
    const unsigned char *hmtx = fs->data + fs->hmtx.off;
    size_t lsb_count = (fs->hmtx.len - (size_t)fs->num_hmetrics * 4) / 2;
    unsigned i, n, present = 0, k;
    size_t start = out->len, offset, head_at = 0;
    int rc = -1;

    for (i = 0; i < N_TABLES; i++) {
        memcpy(t[i].tag, tags[i], 5);
        strbuf_init(&t[i].body);
    }
    /* every glyph read once, components first: the glyph count is final
       before anything is written */
    for (i = 0; i < fs->count; i++) {
        struct span g;
        const unsigned char *bytes;
        XGROW(at, alloc_at, (size_t)i + 1);
        XGROW(glen, alloc_glen, (size_t)i + 1);
        at[i] = glyphs.len;
        if (glyph_span(fs, fs->old_of_new[i], &g) < 0) {
            say(err, errlen, "glyph %u is malformed", (unsigned)fs->old_of_new[i]);
            goto out;
        }
        if (read_at(fs, g.off, g.len, &glyphs) < 0) {
            say(err, errlen, "cannot read glyph %u", (unsigned)fs->old_of_new[i]);
            goto out;
        }
        glen[i] = g.len;
        bytes = (const unsigned char *)glyphs.buf + at[i];
        if (is_composite(bytes, g.len) && components(fs, bytes, g.len, NULL) < 0) {
            say(err, errlen, "glyph %u is malformed", (unsigned)fs->old_of_new[i]);
            goto out;
        }
    }
    n = fs->count;

    /* glyf and loca (long offsets), hmtx with a full metric per glyph */
    for (i = 0; i < n; i++) {
        unsigned old = fs->old_of_new[i];
        unsigned m = old < fs->num_hmetrics ? old : fs->num_hmetrics - 1;
        const unsigned char *bytes = (const unsigned char *)glyphs.buf + at[i];
        unsigned char b[4];
        int lsb = 0;

        sfnt_put32(b, (uint32_t)t[GLYF].body.len);
        strbuf_add(&t[LOCA].body, b, 4);
        if (glen[i]) {
            size_t pos = t[GLYF].body.len;
            if (add_unhinted(&t[GLYF].body, bytes, glen[i]) < 0) {
                say(err, errlen, "glyph %u is malformed", old);
                goto out;
            }
            if (is_composite(bytes, glen[i]))
                components(fs, bytes, glen[i], (unsigned char *)t[GLYF].body.buf + pos);
            while (t[GLYF].body.len % 4)
                strbuf_addch(&t[GLYF].body, 0);
        }
        if (old < fs->num_hmetrics)
            lsb = sfnt_s16(hmtx + (size_t)old * 4 + 2);
        else if (old - fs->num_hmetrics < lsb_count)
            lsb = sfnt_s16(hmtx + (size_t)fs->num_hmetrics * 4 + (size_t)(old - fs->num_hmetrics) * 2);
        sfnt_put16(b, sfnt_u16(hmtx + (size_t)m * 4));
        sfnt_put16(b + 2, (unsigned)lsb & 0xFFFFu);
        strbuf_add(&t[HMTX].body, b, 4);
    }
    {
        unsigned char b[4];
        sfnt_put32(b, (uint32_t)t[GLYF].body.len);
        strbuf_add(&t[LOCA].body, b, 4);
    }
    if (t[GLYF].body.len > UINT32_MAX) {
        say(err, errlen, "subset too large");
        goto out;
    }

    copy_table(&t[HEAD], fs, fs->head, 54);
    sfnt_put32((unsigned char *)t[HEAD].body.buf + 8, 0);      /* checkSumAdjustment, set below */
    sfnt_put16((unsigned char *)t[HEAD].body.buf + 50, 1);     /* indexToLocFormat: long */
    copy_table(&t[HHEA], fs, fs->hhea, 36);
    sfnt_put16((unsigned char *)t[HHEA].body.buf + 34, n);     /* numberOfHMetrics */
    copy_table(&t[MAXP], fs, fs->maxp, fs->maxp.len < 32 ? fs->maxp.len : 32);
    sfnt_put16((unsigned char *)t[MAXP].body.buf + 4, n);      /* numGlyphs */
    if (fs->post.len >= 32) {                              /* version 3: no glyph names */
        copy_table(&t[POST], fs, fs->post, 32);
        sfnt_put32((unsigned char *)t[POST].body.buf, 0x00030000u);
    }
    copy_table(&t[OS2], fs, fs->os2, fs->os2.len);

    /* the table directory, tables in tag order, each on a 4-byte boundary */
    for (i = 0; i < N_TABLES; i++)   /* glyf may be empty, but not absent */
        present += t[i].body.len > 0 || i == GLYF;
    {
        unsigned char hdr[12];
        unsigned pow2 = 1, log2 = 0;
        while (pow2 * 2 <= present) {
            pow2 *= 2;
            log2++;
        }
        sfnt_put32(hdr, 0x00010000u);
        sfnt_put16(hdr + 4, present);
        sfnt_put16(hdr + 6, pow2 * 16);
        sfnt_put16(hdr + 8, log2);
        sfnt_put16(hdr + 10, present * 16 - pow2 * 16);
        strbuf_add(out, hdr, 12);
    }
    offset = 12 + (size_t)present * 16;
    for (i = 0; i < N_TABLES; i++) {
        unsigned char e[16];
        if (!t[i].body.len && i != GLYF)
            continue;
        memcpy(e, t[i].tag, 4);
        sfnt_put32(e + 4, checksum((const unsigned char *)t[i].body.buf, t[i].body.len));
        sfnt_put32(e + 8, (uint32_t)offset);
        sfnt_put32(e + 12, (uint32_t)t[i].body.len);
        strbuf_add(out, e, 16);
        offset += (t[i].body.len + 3) & ~(size_t)3;
    }
    for (i = 0; i < N_TABLES; i++) {
        if (!t[i].body.len)
            continue;
        if (i == HEAD)
            head_at = out->len;
        strbuf_add(out, t[i].body.buf, t[i].body.len);
        for (k = 0; (t[i].body.len + k) % 4; k++)
            strbuf_addch(out, 0);
    }
    sfnt_put32((unsigned char *)out->buf + head_at + 8,
          0xB1B0AFBAu - checksum((const unsigned char *)out->buf + start, out->len - start));
    rc = 0;
out:
    for (i = 0; i < N_TABLES; i++)
        strbuf_release(&t[i].body);
    strbuf_release(&glyphs);
    free(at);
    free(glen);
    return rc;
}
