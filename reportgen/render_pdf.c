/*
 * render_pdf.c - the PDF backend: draws a display list with libharu 2.3.0.
 *
 * The only file that includes hpdf.h.  Besides drawing, it works around
 * three library defects: a linear cmap look-up that makes font setup slow
 * (replaced below), a malformed ToUnicode CMap (rewritten), no /ID (added).
 */
#include "render.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <libdeflate.h>
#include <hpdf_encrypt.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include "diag.h"
#include "display.h"
#include "fontmetrics.h"
#include "fontsubset.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- compression ------------------------------------------------------- */

/*
 * Every stream (page content, font programs, CMaps) is compressed here, not
 * by libharu's save, which does it one stream after another with zlib at
 * level 6: with libdeflate, which compresses whole buffers, at the level
 * chosen by measurement (bench/RESULTS.md: at level 1 it makes what zlib
 * makes at level 3, in less than half the time), on two threads at once
 * when the caller asks for them (render_pdf_set_threads; compress_streams),
 * just before the save.
 * libharu then writes the compressed bytes as they are (filter NONE) and
 * write_flate_filter adds the /Filter key, which libharu would drop from a
 * stream it does not compress itself.
 */
#define DEFLATE_LEVEL 1

static atomic_ulong deflate_calls;

unsigned long render_pdf_deflate_calls(void)
{
    return atomic_load(&deflate_calls);
}

/*
 * libharu copies every byte it buffers (page content, font data, the
 * finished document) through HPDF_MemCpy, a byte-at-a-time loop, called
 * through its PLT like the functions above: this definition uses the C
 * library's memcpy instead.  Same contract: returns out + n.
 */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    if (n)
        memcpy(out, in, n);
    return out + n;
}

/* HPDF_MemSet, libharu's byte loop for clearing what it allocates: the same. */
void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    return memset(s, c, n);
}

/* ---- the job and its errors -------------------------------------------- */

/* A font as the PDF shows it: a subset, CIDs handed out as glyphs are drawn. */
struct pdf_font {
    struct font_subset *fs;
    const struct font_metrics *fm;   /* the display list's, or 'own_fm' */
    struct font_metrics *own_fm;     /* loaded here when the display list has none */
    uint16_t *cid;                   /* code point -> CID (= subset glyph ID); 0: not yet */
    uint32_t *cp_of;                 /* CID -> the first code point drawn with it */
    size_t alloc_cp_of;
    HPDF_Dict type0;                 /* in the shared resources; filled in at the end */
    int too_many;                    /* a glyph past MAX_CID was drawn as .notdef */
};

struct pdf_job {
    const struct display_list *dl;
    struct diag_list *diags;
    HPDF_Doc pdf;
    struct pdf_font font[DL_FONT_COUNT];
    HPDF_Dict resources;         /* one Resources dictionary, shared by every page */
    HPDF_Dict font_res;          /* its /Font */
    HPDF_Dict encoding;          /* the fonts' encoding CMap, made with the first font */
    HPDF_Dict *streams;          /* the streams made by new_stream, compressed at the end */
    size_t n_streams, alloc_streams;
    HPDF_Page *pages;            /* the pages made so far */
    size_t n_pages, alloc_pages;
    struct strbuf content;       /* a page's operators, reused */
    int threads;                 /* 1 or 2: threads that compress the streams */
    int failed;                  /* reported; later calls do nothing */
    const char *name;            /* the output, named in diagnostics; may be NULL */
    HPDF_MD5_CTX md5;            /* of the page contents, for /ID */
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
    struct diag_pos pos = {job->name, 0, 0};
    HPDF_STATUS err = job->error ? job->error : ret;
    HPDF_STATUS detail = job->error ? job->detail : 0;
    va_list ap;

    va_start(ap, fmt);
    diag_vformat(&what, code, fmt, ap);
    va_end(ap);
    if (err == HPDF_FILE_OPEN_ERROR && detail > 0 && detail < 4096)   /* detail is errno */
        diag_add(job->diags, code, job->name ? &pos : NULL, 0, NULL, NULL,
                 "%s: %s: %s (libharu error 0x%04lX, detail %lu)", what.buf, error_text(err),
                 strerror((int)detail), (unsigned long)err, (unsigned long)detail);
    else
        diag_add(job->diags, code, job->name ? &pos : NULL, 0, NULL, NULL,
                 "%s: %s (libharu error 0x%04lX, detail %lu)", what.buf, error_text(err),
                 (unsigned long)err, (unsigned long)detail);
    strbuf_release(&what);
    return -1;
}

/* ---- fonts --------------------------------------------------------------- */

/*
 * Fonts are not set up through libharu (HPDF_LoadTTFontFromFile and
 * HPDF_GetFont): it reads the whole face, maps all 65,536 BMP code points,
 * and embeds a "subset" that keeps the full loca, hmtx and cmap tables,
 * which made up most of a small briefing's time and size.  Instead each
 * font is a Type0 font over a CIDFontType2 whose glyphs are those of a
 * subset written by fontsubset, numbered as they are first drawn, so the
 * content streams, the W array and the ToUnicode map only ever name
 * glyphs that are used.  The dictionaries are built with libharu's object
 * layer and written by it.
 */

/*
 * The encoding of every font's text: subset glyphs below 128 get one-byte
 * codes, the rest two-byte codes from 0x8000 (glyph 128 + (code - 0x8000)),
 * so up to MAX_GLYPH.  The most used glyphs tend to be drawn first and get
 * the short codes, which takes a tenth off a long briefing's size.  Readers
 * take the codes apart by the CMap's codespace ranges, the same in the
 * ToUnicode map.  A code's CID is the code itself (the encoding CMap maps
 * each range onto itself), and CIDToGIDMap maps CIDs to subset glyphs:
 * MuPDF re-keys the ToUnicode map by CID within the encoding's codespace,
 * so CIDs must lie in it (with CID = glyph, it lost every glyph past 127).
 */
#define ONE_BYTE_CIDS 128u
#define MAX_CID (ONE_BYTE_CIDS + 0x7FFFu)   /* the last subset glyph a code can name */

/* The code, and CID, of subset glyph 'g'. */
static unsigned code_of(unsigned g)
{
    return g < ONE_BYTE_CIDS ? g : 0x8000u + g - ONE_BYTE_CIDS;
}
#define ENCODING_NAME "Reportgen-Short-H"

static const char *const font_role[DL_FONT_COUNT] = {"regular", "bold"};
static const char *const font_key[DL_FONT_COUNT] = {"F1", "F2"};

/* An indirect dictionary; NULL on failure (libharu reported it). */
static HPDF_Dict new_dict(struct pdf_job *job)
{
    HPDF_Dict d = HPDF_Dict_New(job->pdf->mmgr);
    if (d && HPDF_Xref_Add(job->pdf->xref, d) != HPDF_OK)
        return NULL;   /* freed by HPDF_Xref_Add */
    return d;
}

/* A compressed stream with 'len' bytes of 'data'; NULL on failure. */
static HPDF_Dict new_stream(struct pdf_job *job, const void *data, size_t len)
{
    HPDF_Dict d = HPDF_DictStream_New(job->pdf->mmgr, job->pdf->xref);
    if (!d)
        return NULL;
    XGROW(job->streams, job->alloc_streams, job->n_streams + 1);
    job->streams[job->n_streams++] = d;
    if (len > UINT32_MAX ||
        HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    return d;
}

/* Set up font 'f' on its first use, so that a font no text uses is not embedded. */
static int load_font(struct pdf_job *job, int f)
{
    struct pdf_font *font = &job->font[f];
    const char *path = job->dl->font_file[f];
    char err[256];

    if (font->fs)
        return 0;
    if (!path || !*path) {
        diag_add(job->diags, DIAG_FONT, NULL, 0, NULL, NULL, "no file given for the %s font",
                 font_role[f]);
        return -1;
    }
    font->fs = fontsubset_open(path, err, sizeof err);
    if (!font->fs) {
        diag_add(job->diags, DIAG_FONT, NULL, 0, NULL, NULL, "%s font '%s': %s", font_role[f],
                 path, err);
        return -1;
    }
    font->fm = job->dl->font_metrics[f];
    if (!font->fm) {
        font->own_fm = fontmetrics_load(path, err, sizeof err);
        if (!font->own_fm) {   /* 'err' names the file */
            diag_add(job->diags, DIAG_FONT, NULL, 0, NULL, NULL, "%s font: %s", font_role[f],
                     err);
            return -1;
        }
        font->fm = font->own_fm;
    }
    font->cid = xcalloc(65536, sizeof *font->cid);
    font->type0 = new_dict(job);
    if (!font->type0 || HPDF_Dict_Add(job->font_res, font_key[f], font->type0) != HPDF_OK ||
        job->error)
        return job_fail(job, DIAG_FONT, HPDF_FAILD_TO_ALLOC_MEM, "%s font '%s'", font_role[f],
                        path);
    return 0;
}

/* The CID of 'cp' in font 'font', handed out on the code point's first use. */
static unsigned new_cid(struct pdf_font *font, uint32_t cp)
{
    unsigned cid = fontsubset_add(font->fs, fontmetrics_glyph_id(font->fm, cp));

    if (cid == 0)
        return 0;    /* no glyph: layout does not let one through */
    if (cid > MAX_CID) {
        font->too_many = 1;   /* reported when the font is written */
        return 0;
    }
    XGROW(font->cp_of, font->alloc_cp_of, (size_t)cid + 1);
    if (cid == fontsubset_count(font->fs) - 1)
        font->cp_of[cid] = cp;   /* new glyph: first code point drawn with it */
    font->cid[cp] = (uint16_t)cid;
    return cid;
}

/*
 * "ABCDEF+Name": a subset tag, as the PDF requires, derived from the code
 * points of the glyphs in the subset (which determine its program).
 */
static void subset_name(struct strbuf *sb, const struct pdf_font *font, unsigned n,
                        const char *psname)
{
    HPDF_MD5_CTX ctx;
    HPDF_BYTE digest[16];
    unsigned c;
    int i;

    HPDF_MD5Init(&ctx);
    for (c = 1; c < n; c++) {
        HPDF_BYTE b[3] = {(HPDF_BYTE)(font->cp_of[c] >> 16), (HPDF_BYTE)(font->cp_of[c] >> 8),
                          (HPDF_BYTE)font->cp_of[c]};
        HPDF_MD5Update(&ctx, b, 3);
    }
    HPDF_MD5Final(digest, &ctx);
    for (i = 0; i < 6; i++)
        strbuf_addch(sb, 'A' + digest[i] % 26);
    strbuf_addch(sb, '+');
    strbuf_addstr(sb, psname && *psname ? psname : "Font");
}

static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n";
static const char cmap_codespace[] =
    "2 begincodespacerange\n"
    "<00> <7F>\n"
    "<8000> <FFFF>\n"
    "endcodespacerange\n";
static const char cmap_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* The code of subset glyph 'g' as hex digits, for CMaps. */
static void put_hex_code(struct strbuf *sb, unsigned g)
{
    strbuf_addf(sb, g < ONE_BYTE_CIDS ? "<%02X>" : "<%04X>", code_of(g));
}

/* The encoding CMap: the codespace above, mapped to CIDs by ranges. */
static void encoding_cmap(struct strbuf *sb)
{
    unsigned hi;

    strbuf_addstr(sb, cmap_head);
    strbuf_addstr(sb, "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                      "def\n/CMapName /" ENCODING_NAME " def\n/CMapType 1 def\n");
    strbuf_addstr(sb, cmap_codespace);
    /* each code is its own CID; one range per first byte, as CMap ranges
       vary only in their last byte */
    strbuf_addstr(sb, "100 begincidrange\n<00> <7F> 0\n");
    for (hi = 0x80; hi <= 0xFF; hi++) {
        if (hi == 0x80 + 99)
            strbuf_addstr(sb, "endcidrange\n29 begincidrange\n");
        strbuf_addf(sb, "<%02X00> <%02XFF> %u\n", hi, hi, hi * 256);
    }
    strbuf_addstr(sb, "endcidrange\n");
    strbuf_addstr(sb, cmap_tail);
}

/* Move the 'n' entries gathered in 'entries' into 'sb' as one "begin'kind'" block. */
static void cmap_block(struct strbuf *sb, const char *kind, struct strbuf *entries, unsigned *n)
{
    strbuf_addf(sb, "%u begin%s\n", *n, kind);
    strbuf_add(sb, entries->buf, entries->len);
    strbuf_addf(sb, "end%s\n", kind);
    strbuf_reset(entries);
    *n = 0;
}

/*
 * ToUnicode: each CID's code to the code point first drawn with it, as
 * bfchar entries (at most 100 a block); a run of CIDs with consecutive code
 * points that stays within one code length and last byte becomes a bfrange.
 */
static void tounicode(struct strbuf *sb, const struct pdf_font *font, unsigned n)
{
    struct strbuf chars = STRBUF_INIT, ranges = STRBUF_INIT;
    unsigned c = 1, n_chars = 0, n_ranges = 0;

    strbuf_addstr(sb, cmap_head);
    strbuf_addstr(sb, "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
    strbuf_addstr(sb, cmap_codespace);
    while (c < n) {
        unsigned e = c;
        while (e + 1 < n && e + 1 != ONE_BYTE_CIDS &&
               ((e + 1 - ONE_BYTE_CIDS) & 0xFF) != 0 &&
               font->cp_of[e + 1] == font->cp_of[e] + 1 && (font->cp_of[e + 1] & 0xFF) != 0)
            e++;
        if (e > c) {
            put_hex_code(&ranges, c);
            strbuf_addch(&ranges, ' ');
            put_hex_code(&ranges, e);
            strbuf_addf(&ranges, " <%04X>\n", (unsigned)font->cp_of[c]);
            n_ranges++;
        } else {
            put_hex_code(&chars, c);
            strbuf_addf(&chars, " <%04X>\n", (unsigned)font->cp_of[c]);
            n_chars++;
        }
        if (n_chars == 100 || (e + 1 >= n && n_chars))
            cmap_block(sb, "bfchar", &chars, &n_chars);
        if (n_ranges == 100 || (e + 1 >= n && n_ranges))
            cmap_block(sb, "bfrange", &ranges, &n_ranges);
        c = e + 1;
    }
    strbuf_addstr(sb, cmap_tail);
    strbuf_release(&chars);
    strbuf_release(&ranges);
}

/* Write font 'f': the subset program, its descriptor, CIDFont and Type0 dictionaries. */
static int finish_font(struct pdf_job *job, int f)
{
    struct pdf_font *font = &job->font[f];
    const char *psname = job->dl->font_name[f] ? job->dl->font_name[f]
                                               : fontmetrics_psname(font->fm);
    struct strbuf program = STRBUF_INIT, name = STRBUF_INIT, cmap = STRBUF_INIT;
    struct fontsubset_info info;
    unsigned n = fontsubset_count(font->fs), c;   /* CIDs drawn, .notdef included */
    HPDF_MMgr mmgr = job->pdf->mmgr;
    HPDF_Dict file, desc, cidfont, tu, sysinfo, enc = job->encoding;
    HPDF_Array bbox, w, widths, widths2 = NULL, desc_fonts;
    HPDF_Dict gid_map = NULL;
    HPDF_STATUS ret = HPDF_OK;
    char err[256];
    int i, rc = -1;

    if (font->too_many) {
        diag_add(job->diags, DIAG_FONT, NULL, 0, NULL, NULL,
                 "the %s font is used for more than %u different characters, the most one "
                 "document can show; split the briefing (--month, --company)",
                 font_role[f], MAX_CID);
        goto out;
    }
    if (fontsubset_write(font->fs, &program, err, sizeof err) < 0) {
        diag_add(job->diags, DIAG_FONT, NULL, 0, NULL, NULL, "%s font '%s': %s", font_role[f],
                 job->dl->font_file[f], err);
        goto out;
    }
    subset_name(&name, font, n, psname);
    fontsubset_info(font->fs, &info);
    tounicode(&cmap, font, n);

    file = new_stream(job, program.buf, program.len);
    desc = new_dict(job);
    cidfont = new_dict(job);
    tu = new_stream(job, cmap.buf, cmap.len);
    if (!enc) {   /* one encoding CMap for every font */
        strbuf_reset(&cmap);
        encoding_cmap(&cmap);
        enc = job->encoding = new_stream(job, cmap.buf, cmap.len);
        if (enc) {
            /* a child is filled before it is added: libharu frees what it fails to add */
            HPDF_Dict si = HPDF_Dict_New(mmgr);
            ret |= HPDF_Dict_AddName(enc, "Type", "CMap");
            ret |= HPDF_Dict_AddName(enc, "CMapName", ENCODING_NAME);
            if (si) {
                ret |= HPDF_Dict_Add(si, "Registry", HPDF_String_New(mmgr, "Adobe", NULL));
                ret |= HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mmgr, "Identity", NULL));
                ret |= HPDF_Dict_AddNumber(si, "Supplement", 0);
            }
            ret |= si ? HPDF_Dict_Add(enc, "CIDSystemInfo", si) : HPDF_FAILD_TO_ALLOC_MEM;
        }
    }
    sysinfo = HPDF_Dict_New(mmgr);
    bbox = HPDF_Array_New(mmgr);
    w = HPDF_Array_New(mmgr);
    widths = HPDF_Array_New(mmgr);
    if (n > ONE_BYTE_CIDS) {   /* CID -> subset glyph, 2 bytes big-endian each */
        size_t size = 2 * ((size_t)code_of(n - 1) + 1);
        unsigned char *map = xcalloc(size, 1);
        for (c = 1; c < n; c++) {
            map[2 * code_of(c)] = (unsigned char)(c >> 8);
            map[2 * code_of(c) + 1] = (unsigned char)c;
        }
        gid_map = new_stream(job, map, size);
        free(map);
        widths2 = HPDF_Array_New(mmgr);
    }
    desc_fonts = HPDF_Array_New(mmgr);
    if (!file || !desc || !cidfont || !tu || !enc || !sysinfo || !bbox || !w || !widths ||
        (n > ONE_BYTE_CIDS && (!gid_map || !widths2)) || !desc_fonts || job->error)
        goto fail;

    ret |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)program.len);

    ret |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    ret |= HPDF_Dict_AddName(desc, "FontName", name.buf);
    ret |= HPDF_Dict_AddNumber(desc, "Flags", (info.fixed_pitch ? 1 : 0) | 32 |
                                              (f == DL_BOLD ? 262144 : 0));
    for (i = 0; i < 4; i++)
        ret |= HPDF_Array_AddNumber(bbox, info.bbox[i]);
    ret |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    ret |= HPDF_Dict_AddNumber(desc, "ItalicAngle", info.italic_angle);
    ret |= HPDF_Dict_AddNumber(desc, "Ascent", info.ascent);
    ret |= HPDF_Dict_AddNumber(desc, "Descent", info.descent);
    ret |= HPDF_Dict_AddNumber(desc, "CapHeight", info.cap_height);
    if (info.x_height > 0)
        ret |= HPDF_Dict_AddNumber(desc, "XHeight", info.x_height);
    ret |= HPDF_Dict_AddNumber(desc, "StemV", f == DL_BOLD ? 120 : 80);
    ret |= HPDF_Dict_Add(desc, "FontFile2", file);

    ret |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mmgr, "Adobe", NULL));
    ret |= HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mmgr, "Identity", NULL));
    ret |= HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);
    ret |= HPDF_Dict_AddName(cidfont, "Type", "Font");
    ret |= HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2");
    ret |= HPDF_Dict_AddName(cidfont, "BaseFont", name.buf);
    ret |= HPDF_Dict_Add(cidfont, "CIDSystemInfo", sysinfo);
    ret |= HPDF_Dict_Add(cidfont, "FontDescriptor", desc);
    ret |= HPDF_Dict_AddNumber(cidfont, "DW", 1000);
    /* W: the one-byte CIDs from 1, the two-byte ones from 0x8000 */
    for (c = 1; c < n && c < ONE_BYTE_CIDS; c++)
        ret |= HPDF_Array_AddNumber(widths, fontmetrics_advance(font->fm, font->cp_of[c]));
    for (; c < n; c++)
        ret |= HPDF_Array_AddNumber(widths2, fontmetrics_advance(font->fm, font->cp_of[c]));
    ret |= HPDF_Array_AddNumber(w, 1);
    ret |= HPDF_Array_Add(w, widths);
    if (n > ONE_BYTE_CIDS) {
        ret |= HPDF_Array_AddNumber(w, (HPDF_INT32)code_of(ONE_BYTE_CIDS));
        ret |= HPDF_Array_Add(w, widths2);
    }
    ret |= HPDF_Dict_Add(cidfont, "W", w);
    if (n > ONE_BYTE_CIDS)
        ret |= HPDF_Dict_Add(cidfont, "CIDToGIDMap", gid_map);
    else
        ret |= HPDF_Dict_AddName(cidfont, "CIDToGIDMap", "Identity");

    ret |= HPDF_Array_Add(desc_fonts, cidfont);
    ret |= HPDF_Dict_AddName(font->type0, "Type", "Font");
    ret |= HPDF_Dict_AddName(font->type0, "Subtype", "Type0");
    ret |= HPDF_Dict_AddName(font->type0, "BaseFont", name.buf);
    ret |= HPDF_Dict_Add(font->type0, "Encoding", enc);
    ret |= HPDF_Dict_Add(font->type0, "DescendantFonts", desc_fonts);
    ret |= HPDF_Dict_Add(font->type0, "ToUnicode", tu);
    if (ret == HPDF_OK && !job->error) {
        rc = 0;
        goto out;
    }
fail:
    rc = job_fail(job, DIAG_FONT, ret ? ret : HPDF_FAILD_TO_ALLOC_MEM, "%s font '%s'",
                  font_role[f], job->dl->font_file[f]);
out:
    strbuf_release(&program);
    strbuf_release(&name);
    strbuf_release(&cmap);
    return rc;
}

static void free_font(struct pdf_font *font)
{
    fontsubset_free(font->fs);
    fontmetrics_free(font->own_fm);
    free(font->cid);
    free(font->cp_of);
}

/* ---- pages --------------------------------------------------------------- */

/*
 * Page content is written here as PDF operators, straight into each page's
 * content stream, instead of through HPDF_Page_TextOut and friends: those
 * measure every string again (one glyph look-up per character) and print
 * long numbers, which made drawing the largest cost of a briefing.  Text is
 * shown in 1- and 2-byte codes of CIDs (see encoding_cmap), handed out by
 * new_cid as each glyph is first drawn.  Every page shares one Resources dictionary
 * and inherits its MediaBox from the page tree, which keeps each page
 * object small.
 */

/* Graphics state already set in the content stream, to skip redundant operators. */
struct pen {
    int in_text;
    int font;                  /* -1: none yet */
    double size;
    long long tx, ty;          /* text line origin inside BT, 1/1000 pt, as the PDF has it */
    long long leading;         /* TL, 1/1000 pt; 0: not set (persists across BT/ET) */
    int has_fill, has_stroke;
    struct dl_color fill, stroke;
    double line_width;         /* < 0: not set yet */
};

/* A number with at most 'decimals' (2 or 3) decimals, no trailing zeros, never "-0". */
static void put_num(struct strbuf *sb, double v, int decimals)
{
    char buf[32], *p = buf + sizeof buf;
    long long scale = decimals == 2 ? 100 : 1000;
    long long n = llround(v * (double)scale), ip, fp;
    int neg = n < 0, d, any = 0;

    if (neg)
        n = -n;
    ip = n / scale;
    fp = n % scale;
    for (d = 0; d < decimals; d++) { /* fraction digits, right to left */
        int digit = (int)(fp % 10);
        fp /= 10;
        if (digit || any) {
            *--p = (char)('0' + digit);
            any = 1;
        }
    }
    if (any)
        *--p = '.';
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (neg && (n != 0))
        *--p = '-';
    strbuf_add(sb, p, (size_t)(buf + sizeof buf - p));
}

static void put_color(struct strbuf *sb, struct dl_color c, const char *op)
{
    put_num(sb, c.r / 255.0, 3);
    strbuf_addch(sb, ' ');
    put_num(sb, c.g / 255.0, 3);
    strbuf_addch(sb, ' ');
    put_num(sb, c.b / 255.0, 3);
    strbuf_addf(sb, " %s\n", op);
}

static int same_color(struct dl_color a, struct dl_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void set_fill(struct strbuf *sb, struct pen *pen, struct dl_color c)
{
    if (pen->has_fill && same_color(pen->fill, c))
        return;
    pen->has_fill = 1;
    pen->fill = c;
    put_color(sb, c, "rg");
}

static void set_stroke(struct strbuf *sb, struct pen *pen, struct dl_color c, double width)
{
    if (!pen->has_stroke || !same_color(pen->stroke, c)) {
        pen->has_stroke = 1;
        pen->stroke = c;
        put_color(sb, c, "RG");
    }
    if (width != pen->line_width) {
        pen->line_width = width;
        put_num(sb, width, 3);
        strbuf_addstr(sb, " w\n");
    }
}

static void end_text(struct strbuf *sb, struct pen *pen)
{
    if (!pen->in_text)
        return;
    pen->in_text = 0;
    strbuf_addstr(sb, "ET\n");
}

/* A byte of a literal string, escaped where it must be. */
static void put_string_byte(struct strbuf *sb, unsigned char b)
{
    if (b == '(' || b == ')' || b == '\\')
        strbuf_addch(sb, '\\');
    if (b == '\r')
        strbuf_addstr(sb, "\\r");
    else
        strbuf_addch(sb, (char)b);
}

/* UTF-8 text as a PDF string of codes (see encoding_cmap), then 'op'. */
static void put_text(struct pdf_job *job, struct strbuf *sb, int f, const char *s, size_t len,
                     const char *op)
{
    struct pdf_font *font = &job->font[f];
    size_t i = 0, used;

    strbuf_addch(sb, '(');
    while (i < len) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);
        unsigned cid;

        i += used;
        if (cp > 0xFFFF) /* layout never lets one through; keep the stream valid */
            cp = 0xFFFD;
        cid = font->cid[cp];
        if (!cid)
            cid = new_cid(font, cp);
        if (cid < ONE_BYTE_CIDS) {
            put_string_byte(sb, (unsigned char)cid);
        } else {
            unsigned code = 0x8000u + cid - ONE_BYTE_CIDS;
            put_string_byte(sb, (unsigned char)(code >> 8));
            put_string_byte(sb, (unsigned char)code);
        }
    }
    strbuf_addstr(sb, op);
}

/*
 * Text is placed with Td, whose offsets are rounded to 1/100 pt; the pen
 * keeps the position the PDF really has, so rounding never accumulates.  A
 * line right below the previous one at the same x (wrapped text) is shown
 * with the ' operator and the leading set by TL, the shortest form.
 */
#define NEAR(a, b) (llabs((a) - (b)) <= 5)    /* within 0.005 pt */

static int draw_text(struct pdf_job *job, struct strbuf *sb, struct pen *pen,
                     const struct dl_item *it)
{
    long long x = llround(it->x * 1000), y = llround((job->dl->page_h - it->y) * 1000);

    if (it->len == 0)
        return 0;
    if ((unsigned)it->font >= DL_FONT_COUNT || load_font(job, (int)it->font) < 0)
        return -1;
    if (!pen->in_text) {
        pen->in_text = 1;
        pen->tx = pen->ty = 0;
        strbuf_addstr(sb, "BT\n");
    }
    if ((int)it->font != pen->font || it->size != pen->size) {
        pen->font = (int)it->font;
        pen->size = it->size;
        strbuf_addf(sb, "/%s ", font_key[it->font]);
        put_num(sb, it->size, 2);
        strbuf_addstr(sb, " Tf\n");
    }
    set_fill(sb, pen, it->color);
    if (NEAR(x, pen->tx) && y < pen->ty - 5) {
        if (!NEAR(pen->ty - pen->leading, y)) {
            pen->leading = pen->ty - y;
            put_num(sb, (double)pen->leading / 1000, 3);
            strbuf_addstr(sb, " TL\n");
        }
        pen->ty -= pen->leading;
        put_text(job, sb, it->font, it->text, it->len, ")'\n");
        return 0;
    }
    {
        long long dx = llround((double)(x - pen->tx) / 10), dy = llround((double)(y - pen->ty) / 10);
        put_num(sb, (double)dx / 100, 2);
        strbuf_addch(sb, ' ');
        put_num(sb, (double)dy / 100, 2);
        strbuf_addstr(sb, " Td\n");
        pen->tx += dx * 10;
        pen->ty += dy * 10;
    }
    put_text(job, sb, it->font, it->text, it->len, ") Tj\n");
    return 0;
}

static void draw_rect(struct pdf_job *job, struct strbuf *sb, struct pen *pen,
                      const struct dl_item *it)
{
    if (!it->fill && !it->do_stroke)
        return;
    end_text(sb, pen);
    if (it->fill)
        set_fill(sb, pen, it->color);
    if (it->do_stroke)
        set_stroke(sb, pen, it->stroke, it->line_width);
    put_num(sb, it->x, 2);
    strbuf_addch(sb, ' ');
    put_num(sb, job->dl->page_h - it->y - it->h, 2);
    strbuf_addch(sb, ' ');
    put_num(sb, it->w, 2);
    strbuf_addch(sb, ' ');
    put_num(sb, it->h, 2);
    strbuf_addstr(sb, it->fill && it->do_stroke ? " re B\n" : it->fill ? " re f\n" : " re S\n");
}

static void draw_line(struct pdf_job *job, struct strbuf *sb, struct pen *pen,
                      const struct dl_item *it)
{
    double h = job->dl->page_h;

    end_text(sb, pen);
    set_stroke(sb, pen, it->stroke, it->line_width);
    put_num(sb, it->x, 2);
    strbuf_addch(sb, ' ');
    put_num(sb, h - it->y, 2);
    strbuf_addstr(sb, " m ");
    put_num(sb, it->x + it->w, 2);
    strbuf_addch(sb, ' ');
    put_num(sb, h - it->y - it->h, 2);
    strbuf_addstr(sb, " l S\n");
}

/* Create the document's pages up to and including 'page'. */
static int make_pages(struct pdf_job *job, size_t page)
{
    const struct display_list *dl = job->dl;

    while (job->n_pages <= page) {
        HPDF_Page pg;
        if (job->n_pages >= DL_MAX_PAGES) {   /* most are refused before layout */
            diag_add(job->diags, DIAG_TOO_MANY_PAGES,
                     job->name ? &(struct diag_pos){job->name, 0, 0} : NULL, 0, NULL, NULL,
                     "the briefing needs more than %d pages, the most a PDF can hold; make "
                     "briefings of a shorter period or fewer companies (--month, --from and "
                     "--to, --company) or use a layout with less per pledge", DL_MAX_PAGES);
            return -1;
        }
        /* libharu's limits for a page side (HPDF_Page_SetWidth) */
        if (!(dl->page_w >= 3 && dl->page_w <= 14400 && dl->page_h >= 3 &&
              dl->page_h <= 14400))
            return job_fail(job, DIAG_PDF, HPDF_PAGE_INVALID_SIZE, "page %zu (%.2f x %.2f pt)",
                            job->n_pages + 1, dl->page_w, dl->page_h);
        pg = HPDF_AddPage(job->pdf);
        HPDF_STATUS ret = pg ? HPDF_OK : HPDF_INVALID_PAGE;
        if (ret == HPDF_OK)   /* replaces the page's own */
            ret = HPDF_Dict_Add(pg, "Resources", job->resources);
        if (ret == HPDF_OK)   /* inherited from the page tree */
            ret = HPDF_Dict_RemoveElement(pg, "MediaBox");
        if (ret != HPDF_OK || job->error)
            return job_fail(job, DIAG_PDF, ret, "page %zu (%.2f x %.2f pt)", job->n_pages + 1,
                            dl->page_w, dl->page_h);
        XGROW(job->pages, job->alloc_pages, job->n_pages + 1);
        job->pages[job->n_pages++] = pg;
    }
    return 0;
}

/* Append the current items of page 'p' to that page's content stream. */
static int draw_page(struct pdf_job *job, size_t p)
{
    const struct dl_page *pg = &job->dl->pages[p];
    struct strbuf *sb = &job->content;
    struct pen pen = {0, -1, 0.0, 0, 0, 0, 0, 0, {0, 0, 0}, {0, 0, 0}, -1.0};
    HPDF_Page page;
    HPDF_STATUS ret;
    size_t i;

    if (make_pages(job, p) < 0)
        return -1;
    page = job->pages[p];
    strbuf_reset(sb);
    for (i = 0; i < pg->count; i++) {
        const struct dl_item *it = &pg->items[i];
        switch (it->kind) {
        case DL_TEXT:
            if (draw_text(job, sb, &pen, it) < 0 || job->error)
                return job->error || !job->font[it->font].fs
                           ? -1
                           : job_fail(job, DIAG_PDF, HPDF_PAGE_FONT_NOT_FOUND,
                                      "page %zu, item %zu", p + 1, i + 1);
            break;
        case DL_RECT: draw_rect(job, sb, &pen, it); break;
        case DL_LINE: draw_line(job, sb, &pen, it); break;
        }
    }
    end_text(sb, &pen);
    if (!sb->len)
        return 0;
    HPDF_MD5Update(&job->md5, (const HPDF_BYTE *)sb->buf, (HPDF_UINT32)sb->len);
    ret = HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (HPDF_BYTE *)sb->buf,
                            (HPDF_UINT)sb->len);
    if (ret != HPDF_OK || job->error)
        return job_fail(job, DIAG_PDF, ret, "page %zu", p + 1);
    return 0;
}

/* ---- outlines, information, /ID ------------------------------------------ */

/*
 * Set 'key' of 'dict' to 'text' (UTF-8) as a PDF text string: UTF-16BE
 * after a byte order mark.  Written here rather than through libharu's
 * UTF-8 encoder, whose set-up fills tables for all 65,536 code points.
 */
static int set_text(struct pdf_job *job, HPDF_Dict dict, const char *key, const char *text)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i = 0, used, len = strlen(text);
    HPDF_Binary bin;

    strbuf_add(&sb, "\xFE\xFF", 2);
    while (i < len) {
        uint32_t cp = utf8_decode(text + i, len - i, &used);
        unsigned units[2], n = 1, k;
        i += used;
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            units[0] = 0xD800u | (unsigned)(cp >> 10);
            units[1] = 0xDC00u | (unsigned)(cp & 0x3FF);
            n = 2;
        } else {
            units[0] = (unsigned)cp;
        }
        for (k = 0; k < n; k++) {
            strbuf_addch(&sb, (char)(units[k] >> 8));
            strbuf_addch(&sb, (char)(units[k] & 0xFF));
        }
    }
    bin = sb.len <= UINT32_MAX ? HPDF_Binary_New(job->pdf->mmgr, (HPDF_BYTE *)sb.buf,
                                                (HPDF_UINT)sb.len)
                               : NULL;
    strbuf_release(&sb);
    return bin && HPDF_Dict_Add(dict, key, bin) == HPDF_OK ? 0 : -1;
}

/* Each bookmark nests under the closest preceding one of a lower level. */
static int add_outlines(struct pdf_job *job)
{
    enum { MAX_DEPTH = 32 };
    const struct display_list *dl = job->dl;
    HPDF_Outline parent[MAX_DEPTH];
    int level[MAX_DEPTH];
    size_t depth = 0, i;

    if (dl->n_outlines == 0)
        return 0;
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
        node = HPDF_CreateOutline(job->pdf, depth ? parent[depth - 1] : NULL, "", NULL);
        if (!node || set_text(job, node, "Title", o->title) < 0 || job->error)
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
        const char *key;
    } attrs[] = {
        {HPDF_INFO_TITLE, dl->title, "Title"},
        {HPDF_INFO_SUBJECT, dl->subject, "Subject"},
        {HPDF_INFO_AUTHOR, dl->author, "Author"},
        {HPDF_INFO_KEYWORDS, dl->keywords, "Keywords"},
        {HPDF_INFO_CREATOR, dl->creator, "Creator"},
    };
    size_t i;

    for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        HPDF_STATUS ret;
        if (!attrs[i].value)
            continue;
        /* the entry (and the Info dictionary) by libharu, the text by set_text */
        ret = HPDF_SetInfoAttr(job->pdf, attrs[i].type, "");
        if (ret != HPDF_OK || !job->pdf->info ||
            set_text(job, job->pdf->info, attrs[i].key, attrs[i].value) < 0 || job->error)
            return job_fail(job, DIAG_PDF, ret, "document %s", attrs[i].key);
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

/*
 * The file identifier: MD5 of everything that determines the output (not
 * the font paths, which differ between machines), so the same display list
 * gives the same /ID and a different one almost surely another.
 */
/*
 * The file identifier: an MD5 of the document information and of every
 * page's content stream (hashed as each page is written, in draw_pages),
 * so the same display list always gives the same /ID and a different
 * document a different one.
 */
static void content_digest(struct pdf_job *job, HPDF_BYTE digest[16])
{
    const struct display_list *dl = job->dl;
    HPDF_MD5_CTX *ctx = &job->md5;
    size_t i;
    int f;

    md5_cstr(ctx, "reportgen display list 2");
    md5_double(ctx, dl->page_w);
    md5_double(ctx, dl->page_h);
    md5_cstr(ctx, dl->title);
    md5_cstr(ctx, dl->subject);
    md5_cstr(ctx, dl->author);
    md5_cstr(ctx, dl->keywords);
    md5_cstr(ctx, dl->creator);
    md5_u64(ctx, (uint64_t)dl->created);
    for (f = 0; f < DL_FONT_COUNT; f++)
        md5_cstr(ctx, dl->font_name[f]);
    md5_u64(ctx, dl->n_pages);
    md5_u64(ctx, dl->n_outlines);
    for (i = 0; i < dl->n_outlines; i++) {
        md5_cstr(ctx, dl->outlines[i].title);
        md5_u64(ctx, (uint64_t)(int64_t)dl->outlines[i].level);
        md5_u64(ctx, dl->outlines[i].page);
        md5_double(ctx, dl->outlines[i].y);
    }
    HPDF_MD5Final(digest, ctx);
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

    content_digest(job, digest);
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

/* One stream's data, compressed into 'out' by compress_streams. */
struct zitem {
    HPDF_Dict dict;
    struct strbuf out;
    int thread;     /* which of the two threads compresses it */
    int failed;
};

struct zwork {
    struct zitem *items;
    size_t n;
    int thread;
};

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\n");
}

/*
 * Compress a libharu memory stream's data (read only) into 'out' with 'c',
 * a compressor made once per thread.  libdeflate takes one buffer: a
 * stream held in several of libharu's chunks is first gathered in 'in'.
 */
static int deflate_stream(struct libdeflate_compressor *c, HPDF_Stream src, struct strbuf *in,
                          struct strbuf *out)
{
    HPDF_UINT n = HPDF_MemStream_GetBufCount(src), i, len = 0;
    const HPDF_BYTE *data = n == 1 ? HPDF_MemStream_GetBufPtr(src, 0, &len) : NULL;
    size_t bound, size;

    atomic_fetch_add(&deflate_calls, 1);
    if (!data) {
        strbuf_reset(in);
        for (i = 0; i < n; i++) {
            HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(src, i, &len);
            if (!buf)
                return -1;
            strbuf_add(in, buf, len);
        }
        data = (const HPDF_BYTE *)in->buf;
        len = (HPDF_UINT)in->len;
    }
    bound = libdeflate_zlib_compress_bound(c, len);
    strbuf_reset(out);
    strbuf_grow(out, bound);
    size = libdeflate_zlib_compress(c, data, len, out->buf, bound);
    if (size == 0)
        return -1;
    out->len = size;
    out->buf[size] = '\0';
    return 0;
}

static void *compress_some(void *arg)
{
    struct zwork *w = arg;
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    struct strbuf in = STRBUF_INIT;
    size_t i;

    for (i = 0; i < w->n; i++) {
        struct zitem *it = &w->items[i];
        if (it->thread == w->thread)
            it->failed = !c || deflate_stream(c, it->dict->stream, &in, &it->out) < 0;
    }
    strbuf_release(&in);
    libdeflate_free_compressor(c);
    return NULL;
}

static int larger_first(const void *a, const void *b)
{
    HPDF_UINT32 x = (*(struct zitem *const *)a)->dict->stream->size;
    HPDF_UINT32 y = (*(struct zitem *const *)b)->dict->stream->size;
    return x > y ? -1 : x < y;
}

/* Share the items between the threads by size, largest first to the less loaded. */
static void balance(struct zitem *items, size_t n)
{
    struct zitem **order = xcalloc(n ? n : 1, sizeof *order);
    unsigned long long load[2] = {0, 0};
    size_t i;

    for (i = 0; i < n; i++)
        order[i] = &items[i];
    qsort(order, n, sizeof *order, larger_first);
    for (i = 0; i < n; i++) {
        int t = load[1] < load[0];
        order[i]->thread = t;
        load[t] += order[i]->dict->stream->size;
    }
    free(order);
}

/*
 * Compress every page's content and every stream of new_stream, on two
 * threads when the job has them, then hand each to libharu as raw data with
 * its /Filter key (libharu calls happen on this thread only, after the
 * other is done).
 */
static int compress_streams(struct pdf_job *job)
{
    size_t n = job->n_pages + job->n_streams, i;
    struct zitem *items = xcalloc(n ? n : 1, sizeof *items);
    struct zwork w[2];
    pthread_t th;
    int started, rc = 0;

    for (i = 0; i < n; i++) {
        items[i].dict = i < job->n_pages ? ((HPDF_PageAttr)job->pages[i]->attr)->contents
                                         : job->streams[i - job->n_pages];
        strbuf_init(&items[i].out);
    }
    if (job->threads > 1)
        balance(items, n);   /* otherwise every item stays with thread 0 */
    /* libdeflate's memory is counted and may fail like the other libraries' */
    libdeflate_set_memory_allocator(xalloc_lib_malloc, xalloc_lib_free);
    for (i = 0; i < 2; i++) {
        w[i].items = items;
        w[i].n = n;
        w[i].thread = (int)i;
    }
    started = job->threads > 1 && n > 1 && pthread_create(&th, NULL, compress_some, &w[1]) == 0;
    compress_some(&w[0]);
    if (started)
        pthread_join(th, NULL);
    else if (job->threads > 1)
        compress_some(&w[1]);   /* no thread to be had: here */
    for (i = 0; i < n && rc == 0; i++) {
        HPDF_Dict d = items[i].dict;
        HPDF_STATUS ret = HPDF_OK;
        if (items[i].failed || items[i].out.len > UINT32_MAX)
            ret = HPDF_ZLIB_ERROR;
        if (ret == HPDF_OK) {
            HPDF_MemStream_FreeData(d->stream);
            ret = HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)items[i].out.buf,
                                    (HPDF_UINT)items[i].out.len);
        }
        if (ret != HPDF_OK || job->error)
            rc = job_fail(job, DIAG_PDF, ret, "compressing the document");
        d->filter = HPDF_STREAM_FILTER_NONE;
        d->write_fn = write_flate_filter;
        strbuf_release(&items[i].out);
    }
    for (; i < n; i++)
        strbuf_release(&items[i].out);
    free(items);
    return rc;
}

static int save(struct pdf_job *job, int (*write)(void *ctx, const void *buf, size_t len),
                void *ctx)
{
    HPDF_STATUS ret;
    HPDF_UINT i, n;

    if (compress_streams(job) < 0)
        return -1;
    ret = HPDF_SaveToStream(job->pdf);
    if (ret != HPDF_OK || job->error)
        return job_fail(job, DIAG_PDF, ret, "writing the document");
    /* hand the memory stream's buffers out directly: HPDF_ReadFromStream
       would copy byte by byte */
    n = HPDF_MemStream_GetBufCount(job->pdf->stream);
    for (i = 0; i < n; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(job->pdf->stream, i, &len);
        if (!buf)
            return job_fail(job, DIAG_PDF, HPDF_STREAM_EOF, "reading the document back");
        if (write(ctx, buf, len) < 0)
            return -1; /* the writer reported it */
    }
    return 0;
}

/* libharu allocates through xalloc too (counted, hookable; exits on failure). */
static void *HPDF_STDCALL pdf_alloc(HPDF_UINT size)
{
    return xalloc_lib_malloc(size);
}

static void HPDF_STDCALL pdf_free(void *p)
{
    xalloc_lib_free(p);
}

/* The Resources every page shares: /ProcSet and /Font (filled as fonts are used). */
static HPDF_STATUS make_resources(struct pdf_job *job)
{
    HPDF_Array procset = HPDF_Array_New(job->pdf->mmgr);
    HPDF_STATUS ret;

    job->resources = new_dict(job);
    job->font_res = HPDF_Dict_New(job->pdf->mmgr);
    if (!job->resources || !job->font_res || !procset)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ret = HPDF_Dict_Add(job->resources, "ProcSet", procset);
    if (ret == HPDF_OK)
        ret = HPDF_Array_AddName(procset, "PDF");
    if (ret == HPDF_OK)
        ret = HPDF_Array_AddName(procset, "Text");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(job->resources, "Font", job->font_res);
    return ret;
}

/* The page size, inherited by every page from the page tree. */
static int set_media_box(struct pdf_job *job)
{
    HPDF_Array box = HPDF_Array_New(job->pdf->mmgr);
    HPDF_STATUS ret = box ? HPDF_Dict_Add(job->pdf->root_pages, "MediaBox", box)
                          : HPDF_FAILD_TO_ALLOC_MEM;

    if (ret == HPDF_OK)
        ret = HPDF_Array_AddNumber(box, 0);
    if (ret == HPDF_OK)
        ret = HPDF_Array_AddNumber(box, 0);
    if (ret == HPDF_OK)
        ret = HPDF_Array_AddReal(box, (HPDF_REAL)job->dl->page_w);
    if (ret == HPDF_OK)
        ret = HPDF_Array_AddReal(box, (HPDF_REAL)job->dl->page_h);
    if (ret != HPDF_OK || job->error)
        return job_fail(job, DIAG_PDF, ret, "page size");
    return 0;
}

static int finish_fonts(struct pdf_job *job)
{
    int f;
    for (f = 0; f < DL_FONT_COUNT; f++)
        if (job->font[f].fs && finish_font(job, f) < 0)
            return -1;
    return 0;
}

struct pdf_job *render_pdf_begin(const struct display_list *dl, const char *name,
                                 struct diag_list *diags)
{
    struct pdf_job *job = xcalloc(1, sizeof *job);
    HPDF_STATUS ret;

    HPDF_MD5Init(&job->md5);
    job->dl = dl;
    job->name = name;
    job->diags = diags;
    job->threads = 1;
    strbuf_init(&job->content);
    job->pdf = HPDF_NewEx(on_error, pdf_alloc, pdf_free, 0, job);
    if (!job->pdf) {
        job_fail(job, DIAG_PDF, HPDF_FAILD_TO_ALLOC_MEM, "creating the document");
        job->failed = 1;
        return job;
    }
    ret = HPDF_SetCompressionMode(job->pdf, HPDF_COMP_ALL);
    if (ret == HPDF_OK)
        ret = make_resources(job);
    if (ret != HPDF_OK || job->error) {
        job_fail(job, DIAG_PDF, ret, "setting up the document");
        job->failed = 1;
    }
    return job;
}

void render_pdf_page(void *ctx, const struct display_list *dl, size_t page)
{
    struct pdf_job *job = ctx;
    (void)dl;
    if (!job->failed && draw_page(job, page) < 0)
        job->failed = 1;
}

int render_pdf_finish(struct pdf_job *job,
                      int (*write)(void *ctx, const void *buf, size_t len), void *ctx)
{
    if (job->failed)
        return -1;
    if ((job->dl->n_pages && make_pages(job, job->dl->n_pages - 1) < 0) ||
        finish_fonts(job) < 0 || set_media_box(job) < 0 || add_outlines(job) < 0 || set_info(job) < 0 || add_id(job) < 0 ||
        save(job, write, ctx) < 0) {
        job->failed = 1;
        return -1;
    }
    return 0;
}

void render_pdf_set_threads(struct pdf_job *job, int threads)
{
    job->threads = threads > 1 ? 2 : 1;
}

void render_pdf_free(struct pdf_job *job)
{
    int f;

    if (!job)
        return;
    free(job->pages);
    free(job->streams);
    for (f = 0; f < DL_FONT_COUNT; f++)
        free_font(&job->font[f]);
    strbuf_release(&job->content);
    if (job->pdf)
        HPDF_Free(job->pdf);
    free(job);
}

static int to_strbuf(void *ctx, const void *buf, size_t len)
{
    strbuf_add(ctx, buf, len);
    return 0;
}

int render_pdf(const struct display_list *dl, struct strbuf *out, struct diag_list *diags)
{
    struct pdf_job *job = render_pdf_begin(dl, NULL, diags);
    size_t p;
    int rc;

    for (p = 0; p < dl->n_pages; p++)
        render_pdf_page(job, dl, p);
    rc = render_pdf_finish(job, to_strbuf, out);
    render_pdf_free(job);
    return rc;
}
