/*
 * layout_check.c - what is checked before anything is placed: every text
 * the briefing can show has glyphs in both fonts, the texts that become
 * bookmarks and document information fit a PDF text string, and the data
 * does not need more pages than a PDF can hold; and each laid-out page's
 * layout texts against the fonts.
 */
#include "layout_int.h"

#include <stdio.h>
#include <string.h>

#include "aggregate.h"
#include "dataset.h"
#include "diag.h"
#include "fontmetrics.h"
#include "layoutdef.h"
#include "utf8.h"

/* Every dataset string that can be printed must have glyphs in both fonts. */
static int check_text(struct lctx *L, const char *s, int is_pledge, size_t index,
                      const char *field)
{
    int f;
    if (!s)
        return 0;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        uint32_t cp;
        size_t off;
        if (fontmetrics_find_missing(L->in->fonts[f], s, strlen(s), &cp, &off)) {
            char ch[8] = {0};
            size_t used;
            utf8_decode(s + off, strlen(s + off), &used);
            memcpy(ch, s + off, used);
            if (index == (size_t)-1)
                diag_add(L->diags, DIAG_GLYPH_MISSING, NULL, 0, NULL, field,
                         "U+%04X '%s' in %s (font %s)", (unsigned)cp, ch, field,
                         fontmetrics_psname(L->in->fonts[f]));
            else
                dataset_report(L->in->ds, L->diags, DIAG_GLYPH_MISSING, is_pledge, index, field,
                               "U+%04X '%s' (font %s)", (unsigned)cp, ch,
                               fontmetrics_psname(L->in->fonts[f]));
            return 1;
        }
    }
    return 0;
}

static int check_glyphs(struct lctx *L)
{
    const struct dataset *ds = L->agg->ds;
    size_t i, k, bad = 0;

    if (ds->title)
        bad += (size_t)check_text(L, ds->title, 0, (size_t)-1, "/title");
    for (k = 0; k < ds->categories.count; k++)
        bad += (size_t)check_text(L, ds->categories.items[k], 0, (size_t)-1, "/categories");
    for (i = 0; i < ds->n_meetings; i++) {
        const struct meeting *m = &ds->meetings[i];
        bad += (size_t)check_text(L, m->title, 0, i, "/title");
        bad += (size_t)check_text(L, m->venue, 0, i, "/venue");
        bad += (size_t)check_text(L, m->host, 0, i, "/host");
        for (k = 0; k < m->n_attendees; k++) {
            char f[48];
            snprintf(f, sizeof f, "/attendees/%zu/name", k);
            bad += (size_t)check_text(L, m->attendees[k].name, 0, i, f);
            snprintf(f, sizeof f, "/attendees/%zu/org", k);
            bad += (size_t)check_text(L, m->attendees[k].org, 0, i, f);
            snprintf(f, sizeof f, "/attendees/%zu/role", k);
            bad += (size_t)check_text(L, m->attendees[k].role, 0, i, f);
        }
    }
    for (i = 0; i < ds->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[i];
        bad += (size_t)check_text(L, p->company, 1, i, "/company");
        bad += (size_t)check_text(L, p->title, 1, i, "/title");
        bad += (size_t)check_text(L, p->description, 1, i, "/description");
        bad += (size_t)check_text(L, p->timeline_text, 1, i, "/timeline_text");
        bad += (size_t)check_text(L, p->id, 1, i, "/id");
    }
    return bad ? -1 : 0;
}

/* A text of the layout file: reported at its place in that file. */
static int check_layout_string(struct lctx *L, const char *s, const char *path,
                               const char *key)
{
    int f;
    if (!s)
        return 0;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        uint32_t cp;
        size_t off, used;
        char ch[8] = {0}, pointer[160];
        struct diag_pos pos;

        if (!fontmetrics_find_missing(L->in->fonts[f], s, strlen(s), &cp, &off))
            continue;
        utf8_decode(s + off, strlen(s + off), &used);
        memcpy(ch, s + off, used);
        snprintf(pointer, sizeof pointer, "%s%s", path, key);
        layoutdef_position(L->def, pointer, &pos);
        diag_add(L->diags, DIAG_GLYPH_MISSING, &pos, 0, NULL, pointer, "U+%04X '%s' (font %s)",
                 (unsigned)cp, ch, fontmetrics_psname(L->in->fonts[f]));
        return 1;
    }
    return 0;
}

static int check_layout_texts(struct lctx *L)
{
    static const char *const side[3] = {"/left", "/center", "/right"};
    const struct layoutdef *def = L->def;
    char path[96];
    size_t i, k, bad = 0;

    for (k = 0; k < 3; k++) {
        bad += (size_t)check_layout_string(L, def->header[k], "/header", side[k]);
        bad += (size_t)check_layout_string(L, def->footer[k], "/footer", side[k]);
    }
    for (i = 0; i < def->n_blocks; i++) {
        const struct lblock *b = &def->blocks[i];
        bad += (size_t)check_layout_string(L, b->text, b->path, "/text");
        bad += (size_t)check_layout_string(L, b->subtitle, b->path, "/subtitle");
        for (k = 0; k < b->n_kpis; k++) {
            snprintf(path, sizeof path, "%s/items/%zu", b->path, k);
            bad += (size_t)check_layout_string(L, b->kpis[k].label, path, "/label");
            bad += (size_t)check_layout_string(L, b->kpis[k].value, path, "/value");
        }
        for (k = 0; k < b->n_columns; k++) {
            snprintf(path, sizeof path, "%s/columns/%zu", b->path, k);
            bad += (size_t)check_layout_string(L, b->columns[k].title, path, "/title");
        }
    }
    return bad ? -1 : 0;
}

/* The layout engine's context for 'in', without a display list. */
static void init(struct lctx *L, const struct layout_input *in, struct diag_list *diags)
{
    const struct layoutdef *def = in->def;

    memset(L, 0, sizeof *L);
    L->in = in;
    L->def = def;
    L->agg = in->agg;
    L->diags = diags;
    L->company = -1;
    L->left = def->margin_left;
    L->right = def->page_w - def->margin_right;
    L->top = def->margin_top;
    L->bottom = def->page_h - def->margin_bottom;
    L->width = L->right - L->left;
}

/* UTF-16 code units of the UTF-8 text: what a PDF text string holds of it. */
static size_t utf16_units(const char *s, size_t len)
{
    size_t i = 0, n = 0, used;
    while (i < len) {
        n += utf8_decode(s + i, len - i, &used) > 0xFFFF ? 2 : 1;
        i += used;
    }
    return n;
}

/* 'tmpl' as expanded must fit a PDF text string ('what' it becomes, at 'pointer'). */
static int check_pdf_string(struct lctx *L, const char *tmpl, const char *pointer,
                            const char *what)
{
    struct strbuf sb = STRBUF_INIT, n = STRBUF_INIT, max = STRBUF_INIT;
    struct diag_pos pos;
    size_t units;

    if (!tmpl)
        return 0;
    lx_expand(L, tmpl, &sb, 0, 0);
    units = utf16_units(sb.buf, sb.len);
    if (units > DL_MAX_TEXT_UNITS) {
        lx_format_count(&n, units);
        lx_format_count(&max, DL_MAX_TEXT_UNITS);
        layoutdef_position(L->def, pointer, &pos);
        diag_add(L->diags, DIAG_TEXT_TOO_LONG, &pos, 0, NULL, pointer,
                 "%s comes to %s UTF-16 units, more than the %s a PDF text string holds: '%s'",
                 what, n.buf, max.buf, sb.buf);
    }
    strbuf_release(&sb);
    strbuf_release(&n);
    strbuf_release(&max);
    return units > DL_MAX_TEXT_UNITS;
}

int lx_check_pdf_strings(struct lctx *L)
{
    static const char *const meta_key[4] = {"/metadata/title", "/metadata/subject",
                                            "/metadata/author", "/metadata/keywords"};
    static const char *const meta_what[4] = {"the document title", "the document subject",
                                             "the document author", "the document keywords"};
    const struct layoutdef *def = L->def;
    const char *meta[4];
    char pointer[96];
    size_t i, bad = 0;

    meta[0] = def->meta_title;
    meta[1] = def->meta_subject;
    meta[2] = def->meta_author;
    meta[3] = def->meta_keywords;
    for (i = 0; i < 4; i++)
        bad += (size_t)check_pdf_string(L, meta[i], meta_key[i], meta_what[i]);
    for (i = 0; i < def->n_blocks; i++) {
        const struct lblock *b = &def->blocks[i];
        if (b->kind != LB_TITLE && b->kind != LB_HEADING)
            continue;
        snprintf(pointer, sizeof pointer, "%s/text", b->path);
        bad += (size_t)check_pdf_string(L, b->text, pointer,
                                        b->kind == LB_TITLE ? "the title's bookmark"
                                                            : "the heading's bookmark");
    }
    return bad ? -1 : 0;
}

/*
 * The fewest pages: the least height of the blocks whose rows come from the
 * data, over the height of a page.  No page holds more than its height of
 * the rows and lines counted (a line taller than a page counts a page
 * high), or than its height and the space after one meeting, which may run
 * past the bottom; so the briefing has at least as many pages.  '*meetings'
 * gets the meetings' part.
 */
static size_t least_pages(const struct layout_input *in, int measure, double *meetings)
{
    struct lctx L;
    const struct aggregate *a = in->agg;
    const struct lstyle *cap, *small;
    double page, sum = 0, over = 0, lines, gap;
    int empty = !a->n_pledges && !a->n_meetings;
    size_t i;

    init(&L, in, NULL);
    page = L.bottom - L.top;
    cap = &L.def->styles[LS_CAPTION];
    small = &L.def->styles[LS_SMALL];
    /* a meeting: its caption, its line of figures, the space around them */
    lines = (lx_line_height(cap) < page ? lx_line_height(cap) : page) +
            (lx_line_height(small) < page ? lx_line_height(small) : page);
    gap = cap->space_before + cap->space_after + small->space_before + small->space_after +
          LX_MEETING_GAP;
    *meetings = 0;
    if (page <= 0)
        return 0;
    for (i = 0; i < L.def->n_blocks; i++) {
        const struct lblock *b = &L.def->blocks[i];
        if (!lx_when(&L, b))
            continue;
        /* an empty briefing has its title and the pledges carried into it */
        if (empty && !(b->kind == LB_TABLE && b->source == SRC_CARRIED))
            continue;
        switch (b->kind) {
        case LB_TABLE:
            sum += lx_table_least_height(&L, b, measure, page);
            break;
        case LB_COMPANY_SECTIONS:
            sum += lx_sections_least_height(&L, b, page);
            break;
        case LB_MEETINGS:
            *meetings += (double)a->n_meetings * (lines + gap);
            over = gap;
            break;
        default:
            break;
        }
    }
    return (size_t)((sum + *meetings) / (page + over) + 1e-6);
}

size_t layout_least_pages(const struct layout_input *in, int measure)
{
    double meetings;
    return least_pages(in, measure, &meetings);
}

/*
 * The briefing must not need more pages than a PDF holds.  The rows are
 * measured only when a line a row comes near the limit.
 */
static int check_pages(struct lctx *L)
{
    const struct aggregate *a = L->agg;
    struct strbuf pledges = STRBUF_INIT, meetings = STRBUF_INIT, pages = STRBUF_INIT,
                  max = STRBUF_INIT;
    double part;
    size_t n = least_pages(L->in, 0, &part);

    if (n >= DL_MAX_PAGES / 8)
        n = least_pages(L->in, 1, &part);
    if (n <= DL_MAX_PAGES)
        return 0;
    lx_format_count(&pledges, a->n_pledges);
    lx_format_count(&meetings, a->n_meetings);
    lx_format_count(&pages, n);
    lx_format_count(&max, DL_MAX_PAGES);
    dataset_report_pointer(L->in->ds, L->diags, DIAG_TOO_MANY_PAGES,
                           part * 2 > (double)n * (L->bottom - L->top) ? "/meetings" : "/pledges",
                           "%s pledges and %s meetings need at least %s pages with this layout, "
                           "more than the %s a PDF can hold; make briefings of a shorter period or "
                           "fewer companies (--month, --from and --to, --company)",
                           pledges.buf, meetings.buf, pages.buf, max.buf);
    strbuf_release(&pledges);
    strbuf_release(&meetings);
    strbuf_release(&pages);
    strbuf_release(&max);
    return -1;
}

int layout_check_text(const struct layout_input *in, struct diag_list *diags)
{
    struct lctx L;
    int rc;

    init(&L, in, diags);
    rc = check_glyphs(&L);
    if (check_layout_texts(&L) < 0)
        rc = -1;
    if (rc == 0 && lx_check_pdf_strings(&L) < 0)
        rc = -1;
    if (rc == 0 && check_pages(&L) < 0)
        rc = -1;
    return rc;
}

/* Texts of the layout file itself, after expansion, are checked as drawn. */
int lx_check_page(struct lctx *L, size_t p)
{
    size_t i;
    for (i = 0; i < L->dl->pages[p].count; i++) {
        const struct dl_item *it = &L->dl->pages[p].items[i];
        uint32_t cp;
        size_t off, used;
        char ch[8] = {0};
        if (it->kind != DL_TEXT ||
            !fontmetrics_find_missing(L->in->fonts[it->font], it->text, it->len, &cp, &off))
            continue;
        utf8_decode(it->text + off, it->len - off, &used);
        memcpy(ch, it->text + off, used);
        diag_add(L->diags, DIAG_GLYPH_MISSING, NULL, 0, NULL, NULL,
                 "U+%04X '%s' in layout text '%s' (%s, page %zu)", (unsigned)cp, ch,
                 it->text, L->def->file, p + 1);
        return -1;
    }
    return 0;
}

