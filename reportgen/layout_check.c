/*
 * layout_check.c - what is checked before anything is placed (every text
 * the briefing can show has glyphs in both fonts), and each laid-out page's
 * layout texts against the fonts.
 */
#include "layout_int.h"

#include <stdio.h>
#include <string.h>

#include "aggregate.h"
#include "dataset.h"
#include "diag.h"
#include "fontmetrics.h"
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

int layout_check_text(const struct layout_input *in, struct diag_list *diags)
{
    struct lctx L;
    int rc;

    memset(&L, 0, sizeof L);
    L.in = in;
    L.def = in->def;
    L.agg = in->agg;
    L.diags = diags;
    rc = check_glyphs(&L);
    if (check_layout_texts(&L) < 0)
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
