/*
 * render_pdf.c - the PDF backend: draws a display list with libharu 2.3.0.
 *
 * The only file that includes hpdf.h.  Besides drawing, it works around
 * three library defects: a linear cmap look-up that makes font setup slow
 * (replaced below), a malformed ToUnicode CMap (rewritten), no /ID (added).
 */
#include "render.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "diag.h"
#include "display.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- cmap look-up ------------------------------------------------------ */

static unsigned long glyphid_calls;

unsigned long render_pdf_glyphid_calls(void)
{
    return glyphid_calls;
}

/*
 * Replaces libharu's own HPDF_TTFontDef_GetGlyphid.  The shared library
 * calls it through its PLT, so this definition in the executable takes
 * precedence.  Same results as the original, but a binary search over the
 * format-4 segments instead of a linear scan: HPDF_GetFont(…, "UTF-8")
 * looks up all 65,536 BMP code points, and NanumGothic has 3,832 segments.
 * The glyphIdArray bound is checked with >= (the original reads one past).
 * Relies on the 2.3.0 layout of HPDF_TTFontDefAttr (hpdf_fontdef.h).
 */
HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
    const HPDF_TTF_CmapRange *cmap = &((HPDF_TTFontDefAttr)fontdef->attr)->cmap;
    HPDF_UINT segs = cmap->seg_count_x2 / 2u;
    HPDF_UINT lo = 0, hi = segs, idx;

    glyphid_calls++;
    if (cmap->format == 0)
        return cmap->glyph_id_array ? cmap->glyph_id_array[unicode & 0xFFu] : 0;
    if (segs == 0 || !cmap->end_count || !cmap->start_count || !cmap->id_delta ||
        !cmap->id_range_offset) {
        HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_CMAP, 0);
        return 0;
    }
    /* first segment whose end code is >= unicode (end codes ascend) */
    while (lo < hi) {
        HPDF_UINT mid = lo + (hi - lo) / 2;
        if (cmap->end_count[mid] < unicode)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= segs || cmap->start_count[lo] > unicode)
        return 0;
    if (cmap->id_range_offset[lo] == 0)
        return (HPDF_UINT16)(unicode + cmap->id_delta[lo]);
    /* idRangeOffset counts bytes from its own slot in the idRangeOffset array */
    idx = cmap->id_range_offset[lo] / 2u + (HPDF_UINT)(unicode - cmap->start_count[lo]) -
          (segs - lo);
    if (!cmap->glyph_id_array || idx >= cmap->glyph_id_array_count)
        return 0;
    return (HPDF_UINT16)(cmap->glyph_id_array[idx] + cmap->id_delta[lo]);
}

/* ---- the job and its errors -------------------------------------------- */

struct pdf_job {
    const struct display_list *dl;
    struct diag_list *diags;
    HPDF_Doc pdf;
    HPDF_Font font[DL_FONT_COUNT];
    HPDF_Page *pages;
    HPDF_STATUS error, detail;   /* first error libharu reported; 0 = none */
};

static void HPDF_STDCALL on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    struct pdf_job *job = user;

    /* errors are sticky: later calls report follow-up errors; keep the cause */
    if (!job->error) {
        job->error = error_no;
        job->detail = detail_no;
    }
}

static const char *error_text(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_OPEN_ERROR: return "cannot open file";
    case HPDF_FILE_IO_ERROR: return "cannot read file";
    case HPDF_INVALID_FONTDEF_DATA:
    case HPDF_INVALID_TTC_FILE:
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE:
    case HPDF_UNSUPPORTED_FONT_TYPE: return "not a usable TrueType font";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font does not permit embedding";
    case HPDF_INVALID_FONT_NAME: return "font name too long";
    case HPDF_PAGE_INVALID_SIZE: return "page size out of range";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "font size out of range";
    case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
    case HPDF_INVALID_DATE_TIME: return "invalid date";
    case HPDF_ZLIB_ERROR: return "compression failed";
    default: return "library error";
    }
}

/*
 * Report the failure of 'what' (printf-style) as 'code' and return -1.
 * 'ret' is the status the failing call returned, used when the handler
 * was not called (libharu returns some errors silently).
 */
static int job_fail(struct pdf_job *job, enum diag_code code, HPDF_STATUS ret,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int job_fail(struct pdf_job *job, enum diag_code code, HPDF_STATUS ret,
                    const char *fmt, ...)
{
    struct strbuf what = STRBUF_INIT;
    HPDF_STATUS err = job->error ? job->error : ret;
    HPDF_STATUS detail = job->error ? job->detail : 0;
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(&what, fmt, ap);
    va_end(ap);
    if (err == HPDF_FILE_OPEN_ERROR && detail > 0 && detail < 4096)   /* detail is errno */
        diag_add(job->diags, code, NULL, 0, NULL, NULL,
                 "%s: %s: %s (libharu error 0x%04lX, detail %lu)", what.buf, error_text(err),
                 strerror((int)detail), (unsigned long)err, (unsigned long)detail);
    else
        diag_add(job->diags, code, NULL, 0, NULL, NULL,
                 "%s: %s (libharu error 0x%04lX, detail %lu)", what.buf, error_text(err),
                 (unsigned long)err, (unsigned long)detail);
    strbuf_release(&what);
    return -1;
}

/* ---- fonts --------------------------------------------------------------- */

/*
 * libharu writes the UTF-8 encoder's CID CMap as /ToUnicode: it uses
 * cidrange (not allowed in a ToUnicode CMap) and a 1-byte notdef range, so
 * readers ignore it.  With HPDF_UseUTFEncodings a CID is the BMP code point,
 * so an identity map is exact: one bfrange per high byte (surrogates
 * excluded; a bfrange must not cross a last-byte boundary), at most 100
 * entries per block.
 */
static HPDF_STATUS fix_tounicode(HPDF_Font font)
{
    static const char *const dropped[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n"
        "<0000> <FFFF>\n"
        "endcodespacerange\n";
    static const char tail[] =
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    unsigned char high[256];
    size_t n = 0, i, j, k;
    HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    HPDF_STATUS ret;
    char line[32];

    if (!cmap || !cmap->stream)
        return HPDF_INVALID_OBJECT;
    for (i = 0; i < 256; i++)
        if (i < 0xD8 || i > 0xDF)
            high[n++] = (unsigned char)i;
    HPDF_MemStream_FreeData(cmap->stream);
    for (i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        HPDF_Dict_RemoveElement(cmap, dropped[i]);   /* absent keys are fine */
    ret = HPDF_Stream_WriteStr(cmap->stream, head);
    for (i = 0; i < n && ret == HPDF_OK; i += k) {
        k = n - i < 100 ? n - i : 100;
        snprintf(line, sizeof line, "%zu beginbfrange\n", k);
        ret = HPDF_Stream_WriteStr(cmap->stream, line);
        for (j = i; j < i + k && ret == HPDF_OK; j++) {
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", high[j], high[j], high[j]);
            ret = HPDF_Stream_WriteStr(cmap->stream, line);
        }
        if (ret == HPDF_OK)
            ret = HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n");
    }
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteStr(cmap->stream, tail);
    return ret;
}

/* Load the fonts that some text run uses, regular first (fixes the subset tags). */
static int load_fonts(struct pdf_job *job)
{
    static const char *const role[DL_FONT_COUNT] = {"regular", "bold"};
    const struct display_list *dl = job->dl;
    int used[DL_FONT_COUNT] = {0};
    size_t p, i;
    int f;

    for (p = 0; p < dl->n_pages; p++)
        for (i = 0; i < dl->pages[p].count; i++) {
            const struct dl_item *it = &dl->pages[p].items[i];
            if (it->kind == DL_TEXT && it->len > 0 && (unsigned)it->font < DL_FONT_COUNT)
                used[it->font] = 1;
        }
    for (f = 0; f < DL_FONT_COUNT; f++) {
        const char *path = dl->font_file[f];
        const char *name;
        HPDF_STATUS ret;

        if (!used[f])
            continue;
        if (!path || !*path) {
            diag_add(job->diags, DIAG_FONT, NULL, 0, NULL, NULL,
                     "no file given for the %s font", role[f]);
            return -1;
        }
        name = HPDF_LoadTTFontFromFile(job->pdf, path, HPDF_TRUE);
        if (!name || job->error)
            return job_fail(job, DIAG_FONT, HPDF_INVALID_FONTDEF_DATA, "%s font '%s'",
                            role[f], path);
        job->font[f] = HPDF_GetFont(job->pdf, name, "UTF-8");
        if (!job->font[f] || job->error)
            return job_fail(job, DIAG_FONT, HPDF_INVALID_FONT, "%s font '%s'", role[f], path);
        ret = fix_tounicode(job->font[f]);
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_FONT, ret, "%s font '%s': ToUnicode map", role[f], path);
    }
    return 0;
}

/* ---- pages --------------------------------------------------------------- */

/* Graphics state already set on the current page, to skip redundant operators. */
struct pen {
    int in_text;
    int font;                  /* -1: none yet */
    double size;
    int has_fill, has_stroke;
    struct dl_color fill, stroke;
    double line_width;         /* < 0: not set yet */
};

static int same_color(struct dl_color a, struct dl_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static HPDF_STATUS set_fill(HPDF_Page page, struct pen *pen, struct dl_color c)
{
    if (pen->has_fill && same_color(pen->fill, c))
        return HPDF_OK;
    pen->has_fill = 1;
    pen->fill = c;
    return HPDF_Page_SetRGBFill(page, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f);
}

static HPDF_STATUS set_stroke(HPDF_Page page, struct pen *pen, struct dl_color c, double width)
{
    HPDF_STATUS ret = HPDF_OK;

    if (!pen->has_stroke || !same_color(pen->stroke, c)) {
        pen->has_stroke = 1;
        pen->stroke = c;
        ret = HPDF_Page_SetRGBStroke(page, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f);
    }
    if (ret == HPDF_OK && width != pen->line_width) {
        pen->line_width = width;
        ret = HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
    }
    return ret;
}

static HPDF_STATUS end_text(HPDF_Page page, struct pen *pen)
{
    if (!pen->in_text)
        return HPDF_OK;
    pen->in_text = 0;
    return HPDF_Page_EndText(page);
}

static HPDF_STATUS draw_text(struct pdf_job *job, HPDF_Page page, struct pen *pen,
                             const struct dl_item *it)
{
    HPDF_STATUS ret = HPDF_OK;

    if (it->len == 0)
        return HPDF_OK;
    if ((unsigned)it->font >= DL_FONT_COUNT || !job->font[it->font])
        return HPDF_PAGE_FONT_NOT_FOUND;
    if (!pen->in_text) {
        pen->in_text = 1;
        ret = HPDF_Page_BeginText(page);
    }
    if (ret == HPDF_OK && ((int)it->font != pen->font || it->size != pen->size)) {
        pen->font = (int)it->font;
        pen->size = it->size;
        ret = HPDF_Page_SetFontAndSize(page, job->font[it->font], (HPDF_REAL)it->size);
    }
    if (ret == HPDF_OK)
        ret = set_fill(page, pen, it->color);
    if (ret == HPDF_OK)
        ret = HPDF_Page_TextOut(page, (HPDF_REAL)it->x, (HPDF_REAL)(job->dl->page_h - it->y),
                                it->text);
    return ret;
}

static HPDF_STATUS draw_rect(struct pdf_job *job, HPDF_Page page, struct pen *pen,
                             const struct dl_item *it)
{
    HPDF_STATUS ret;

    if (!it->fill && !it->do_stroke)
        return HPDF_OK;
    ret = end_text(page, pen);
    if (ret == HPDF_OK && it->fill)
        ret = set_fill(page, pen, it->color);
    if (ret == HPDF_OK && it->do_stroke)
        ret = set_stroke(page, pen, it->stroke, it->line_width);
    if (ret == HPDF_OK)
        ret = HPDF_Page_Rectangle(page, (HPDF_REAL)it->x,
                                  (HPDF_REAL)(job->dl->page_h - it->y - it->h),
                                  (HPDF_REAL)it->w, (HPDF_REAL)it->h);
    if (ret == HPDF_OK) {
        if (it->fill && it->do_stroke)
            ret = HPDF_Page_FillStroke(page);
        else if (it->fill)
            ret = HPDF_Page_Fill(page);
        else
            ret = HPDF_Page_Stroke(page);
    }
    return ret;
}

static HPDF_STATUS draw_line(struct pdf_job *job, HPDF_Page page, struct pen *pen,
                             const struct dl_item *it)
{
    double h = job->dl->page_h;
    HPDF_STATUS ret = end_text(page, pen);

    if (ret == HPDF_OK)
        ret = set_stroke(page, pen, it->stroke, it->line_width);
    if (ret == HPDF_OK)
        ret = HPDF_Page_MoveTo(page, (HPDF_REAL)it->x, (HPDF_REAL)(h - it->y));
    if (ret == HPDF_OK)
        ret = HPDF_Page_LineTo(page, (HPDF_REAL)(it->x + it->w), (HPDF_REAL)(h - it->y - it->h));
    if (ret == HPDF_OK)
        ret = HPDF_Page_Stroke(page);
    return ret;
}

static int draw_pages(struct pdf_job *job)
{
    const struct display_list *dl = job->dl;
    size_t p, i;

    for (p = 0; p < dl->n_pages; p++) {
        const struct dl_page *pg = &dl->pages[p];
        struct pen pen = {0, -1, 0.0, 0, 0, {0, 0, 0}, {0, 0, 0}, -1.0};
        HPDF_Page page = HPDF_AddPage(job->pdf);
        HPDF_STATUS ret = page ? HPDF_OK : HPDF_INVALID_PAGE;

        if (ret == HPDF_OK)
            ret = HPDF_Page_SetWidth(page, (HPDF_REAL)dl->page_w);
        if (ret == HPDF_OK)
            ret = HPDF_Page_SetHeight(page, (HPDF_REAL)dl->page_h);
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_PDF, ret, "page %zu (%.2f x %.2f pt)", p + 1, dl->page_w,
                            dl->page_h);
        job->pages[p] = page;
        for (i = 0; i < pg->count; i++) {
            const struct dl_item *it = &pg->items[i];
            switch (it->kind) {
            case DL_TEXT: ret = draw_text(job, page, &pen, it); break;
            case DL_RECT: ret = draw_rect(job, page, &pen, it); break;
            case DL_LINE: ret = draw_line(job, page, &pen, it); break;
            default: ret = HPDF_INVALID_PARAMETER; break;
            }
            if (ret != HPDF_OK || job->error)
                return job_fail(job, DIAG_PDF, ret, "page %zu, item %zu", p + 1, i + 1);
        }
        ret = end_text(page, &pen);
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_PDF, ret, "page %zu", p + 1);
    }
    return 0;
}

/* ---- outlines, information, /ID ------------------------------------------ */

/* Each bookmark nests under the closest preceding one of a lower level. */
static int add_outlines(struct pdf_job *job)
{
    enum { MAX_DEPTH = 32 };
    const struct display_list *dl = job->dl;
    HPDF_Outline parent[MAX_DEPTH];
    int level[MAX_DEPTH];
    size_t depth = 0, i;
    HPDF_Encoder enc;

    if (dl->n_outlines == 0)
        return 0;
    enc = HPDF_GetEncoder(job->pdf, "UTF-8");
    if (!enc || job->error)
        return job_fail(job, DIAG_PDF, HPDF_INVALID_ENCODER, "outlines");
    for (i = 0; i < dl->n_outlines; i++) {
        const struct dl_outline *o = &dl->outlines[i];
        HPDF_Outline node;
        HPDF_Destination dst;
        HPDF_STATUS ret;
        double top;

        if (o->page >= dl->n_pages) {
            diag_add(job->diags, DIAG_PDF, NULL, 0, NULL, NULL,
                     "bookmark '%s' points at page %zu of %zu", o->title, o->page + 1,
                     dl->n_pages);
            return -1;
        }
        while (depth > 0 && level[depth - 1] >= o->level)
            depth--;
        node = HPDF_CreateOutline(job->pdf, depth ? parent[depth - 1] : NULL, o->title, enc);
        if (!node || job->error)
            return job_fail(job, DIAG_PDF, HPDF_INVALID_OUTLINE, "bookmark '%s'", o->title);
        dst = HPDF_Page_CreateDestination(job->pages[o->page]);
        top = dl->page_h - o->y;
        if (top > dl->page_h)
            top = dl->page_h;
        if (top < 0)
            top = 0;
        ret = dst ? HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)top, 1) : HPDF_INVALID_DESTINATION;
        if (ret == HPDF_OK)
            ret = HPDF_Outline_SetDestination(node, dst);
        if (ret == HPDF_OK && o->level <= 0)
            ret = HPDF_Outline_SetOpened(node, HPDF_TRUE);
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_PDF, ret, "bookmark '%s'", o->title);
        if (depth < MAX_DEPTH) {
            parent[depth] = node;
            level[depth] = o->level;
            depth++;
        }
    }
    if (HPDF_SetPageMode(job->pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK || job->error)
        return job_fail(job, DIAG_PDF, HPDF_PAGE_MODE_OUT_OF_RANGE, "page mode");
    return 0;
}

static int set_info(struct pdf_job *job)
{
    const struct display_list *dl = job->dl;
    const struct {
        HPDF_InfoType type;
        const char *value;
        const char *name;
    } attrs[] = {
        {HPDF_INFO_TITLE, dl->title, "title"},
        {HPDF_INFO_SUBJECT, dl->subject, "subject"},
        {HPDF_INFO_AUTHOR, dl->author, "author"},
        {HPDF_INFO_KEYWORDS, dl->keywords, "keywords"},
        {HPDF_INFO_CREATOR, dl->creator, "creator"},
    };
    size_t i;

    for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        HPDF_STATUS ret;
        if (!attrs[i].value)
            continue;
        ret = HPDF_SetInfoAttr(job->pdf, attrs[i].type, attrs[i].value);
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_PDF, ret, "document %s", attrs[i].name);
    }
    if (dl->created != -1) {
        time_t t = (time_t)dl->created;
        struct tm tm;
        HPDF_Date date;
        HPDF_STATUS ret;

        if ((long long)t != dl->created || !gmtime_r(&t, &tm) || tm.tm_year < 0 ||
            tm.tm_year > 9999 - 1900) {
            diag_add(job->diags, DIAG_PDF, NULL, 0, NULL, NULL,
                     "creation time %lld out of range", dl->created);
            return -1;
        }
        memset(&date, 0, sizeof date);
        date.year = tm.tm_year + 1900;
        date.month = tm.tm_mon + 1;
        date.day = tm.tm_mday;
        date.hour = tm.tm_hour;
        date.minutes = tm.tm_min;
        date.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
        date.ind = 'Z';
        ret = HPDF_SetInfoDateAttr(job->pdf, HPDF_INFO_CREATION_DATE, date);
        if (ret == HPDF_OK)
            ret = HPDF_SetInfoDateAttr(job->pdf, HPDF_INFO_MOD_DATE, date);
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_PDF, ret, "creation date");
    }
    return 0;
}

/* Feeding the display list to MD5 in a fixed, platform-independent byte form. */
static void md5_bytes(HPDF_MD5_CTX *ctx, const void *data, size_t len)
{
    const HPDF_BYTE *p = data;
    while (len > 0) {
        HPDF_UINT32 n = len > 0x40000000u ? 0x40000000u : (HPDF_UINT32)len;
        HPDF_MD5Update(ctx, p, n);
        p += n;
        len -= n;
    }
}

static void md5_u64(HPDF_MD5_CTX *ctx, uint64_t v)
{
    HPDF_BYTE b[8];
    int i;
    for (i = 0; i < 8; i++)
        b[i] = (HPDF_BYTE)(v >> (8 * i));
    HPDF_MD5Update(ctx, b, 8);
}

static void md5_double(HPDF_MD5_CTX *ctx, double d)
{
    uint64_t bits = 0;
    if (d != 0)   /* -0.0 and 0.0 draw the same */
        memcpy(&bits, &d, sizeof bits);
    md5_u64(ctx, bits);
}

static void md5_str(HPDF_MD5_CTX *ctx, const char *s, size_t len)
{
    if (!s) {
        md5_u64(ctx, UINT64_MAX);
        return;
    }
    md5_u64(ctx, (uint64_t)len);
    md5_bytes(ctx, s, len);
}

static void md5_cstr(HPDF_MD5_CTX *ctx, const char *s)
{
    md5_str(ctx, s, s ? strlen(s) : 0);
}

static void md5_color(HPDF_MD5_CTX *ctx, struct dl_color c)
{
    HPDF_BYTE b[3];
    b[0] = c.r;
    b[1] = c.g;
    b[2] = c.b;
    HPDF_MD5Update(ctx, b, 3);
}

/*
 * The file identifier: MD5 of everything that determines the output (not
 * the font paths, which differ between machines), so the same display list
 * gives the same /ID and a different one almost surely another.
 */
static void content_digest(const struct display_list *dl, HPDF_BYTE digest[16])
{
    HPDF_MD5_CTX ctx;
    size_t p, i;
    int f;

    HPDF_MD5Init(&ctx);
    md5_cstr(&ctx, "reportgen display list 1");
    md5_double(&ctx, dl->page_w);
    md5_double(&ctx, dl->page_h);
    md5_cstr(&ctx, dl->title);
    md5_cstr(&ctx, dl->subject);
    md5_cstr(&ctx, dl->author);
    md5_cstr(&ctx, dl->keywords);
    md5_cstr(&ctx, dl->creator);
    md5_u64(&ctx, (uint64_t)dl->created);
    for (f = 0; f < DL_FONT_COUNT; f++)
        md5_cstr(&ctx, dl->font_name[f]);
    md5_u64(&ctx, dl->n_pages);
    for (p = 0; p < dl->n_pages; p++) {
        md5_u64(&ctx, dl->pages[p].count);
        for (i = 0; i < dl->pages[p].count; i++) {
            const struct dl_item *it = &dl->pages[p].items[i];
            md5_u64(&ctx, (uint64_t)it->kind | (uint64_t)it->font << 8 |
                              (uint64_t)it->fill << 16 | (uint64_t)it->do_stroke << 17);
            md5_double(&ctx, it->x);
            md5_double(&ctx, it->y);
            md5_double(&ctx, it->w);
            md5_double(&ctx, it->h);
            md5_double(&ctx, it->size);
            md5_double(&ctx, it->line_width);
            md5_color(&ctx, it->color);
            md5_color(&ctx, it->stroke);
            md5_str(&ctx, it->text, it->len);
        }
    }
    md5_u64(&ctx, dl->n_outlines);
    for (i = 0; i < dl->n_outlines; i++) {
        md5_cstr(&ctx, dl->outlines[i].title);
        md5_u64(&ctx, (uint64_t)(int64_t)dl->outlines[i].level);
        md5_u64(&ctx, dl->outlines[i].page);
        md5_double(&ctx, dl->outlines[i].y);
    }
    HPDF_MD5Final(digest, &ctx);
}

/*
 * Put [<id> <id>] into the trailer, as HPDF_PDFA_GenerateID and the
 * encryption code do with pdf->trailer; PrepareTrailer keeps other keys.
 */
static int add_id(struct pdf_job *job)
{
    HPDF_BYTE digest[16];
    HPDF_Array id;
    HPDF_STATUS ret;
    int i;

    content_digest(job->dl, digest);
    id = HPDF_Array_New(job->pdf->mmgr);
    if (!id)
        return job_fail(job, DIAG_PDF, HPDF_FAILD_TO_ALLOC_MEM, "file identifier");
    ret = HPDF_Dict_Add(job->pdf->trailer, "ID", id);   /* owns 'id' from here on */
    for (i = 0; i < 2 && ret == HPDF_OK; i++) {
        HPDF_Binary bin = HPDF_Binary_New(job->pdf->mmgr, digest, sizeof digest);
        ret = bin ? HPDF_Array_Add(id, bin) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    if (ret != HPDF_OK || job->error)
        return job_fail(job, DIAG_PDF, ret, "file identifier");
    return 0;
}

/* ---- output ---------------------------------------------------------------- */

static int save(struct pdf_job *job, struct strbuf *out)
{
    size_t start = out->len, total, done = 0;
    HPDF_STATUS ret = HPDF_SaveToStream(job->pdf);

    if (ret == HPDF_OK && !job->error)
        ret = HPDF_ResetStream(job->pdf);
    if (ret != HPDF_OK || job->error)
        return job_fail(job, DIAG_PDF, ret, "writing the document");
    total = HPDF_GetStreamSize(job->pdf);
    while (done < total) {
        HPDF_BYTE chunk[16384];
        HPDF_UINT32 n = total - done < sizeof chunk ? (HPDF_UINT32)(total - done)
                                                    : (HPDF_UINT32)sizeof chunk;
        ret = HPDF_ReadFromStream(job->pdf, chunk, &n);
        if ((ret != HPDF_OK && ret != HPDF_STREAM_EOF) || job->error || n == 0) {
            if (out->alloc > 0) {
                out->len = start;
                out->buf[start] = '\0';
            }
            return job_fail(job, DIAG_PDF, ret ? ret : HPDF_STREAM_EOF,
                            "reading the document back (%zu of %zu bytes)", done, total);
        }
        strbuf_add(out, chunk, n);
        done += n;
    }
    return 0;
}

int render_pdf(const struct display_list *dl, struct strbuf *out, struct diag_list *diags)
{
    struct pdf_job job;
    HPDF_STATUS ret;
    int rc = -1;

    memset(&job, 0, sizeof job);
    job.dl = dl;
    job.diags = diags;
    job.pdf = HPDF_New(on_error, &job);
    if (!job.pdf)
        return job_fail(&job, DIAG_PDF, HPDF_FAILD_TO_ALLOC_MEM, "creating the document");
    job.pages = xcalloc(dl->n_pages ? dl->n_pages : 1, sizeof *job.pages);

    ret = HPDF_SetCompressionMode(job.pdf, HPDF_COMP_ALL);
    if (ret == HPDF_OK)
        ret = HPDF_UseUTFEncodings(job.pdf);
    if (ret == HPDF_OK)   /* Info strings and bookmarks are UTF-8 too */
        ret = HPDF_SetCurrentEncoder(job.pdf, "UTF-8");
    if (ret != HPDF_OK || job.error)
        job_fail(&job, DIAG_PDF, ret, "setting up the document");
    else if (load_fonts(&job) == 0 && draw_pages(&job) == 0 && add_outlines(&job) == 0 &&
             set_info(&job) == 0 && add_id(&job) == 0 && save(&job, out) == 0)
        rc = 0;
    free(job.pages);
    HPDF_Free(job.pdf);
    return rc;
}
