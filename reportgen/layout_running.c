/*
 * layout_running.c - the running header and footer, and texts cut to one
 * line.  A running text is expanded once for the document and cut to what
 * can show on a line before it is repeated on every page, so that a long
 * title costs its length once, not once a page.
 */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

#include "fontmetrics.h"
#include "utf8.h"

/* Bytes of the start of 's' up to and including the character that passes 'max'. */
static size_t visible(const struct font_metrics *fm, const char *s, size_t len, long max)
{
    size_t i = 0, used;
    long w = 0;

    while (i < len && w <= max) {
        w += fontmetrics_advance(fm, utf8_decode(s + i, len - i, &used));
        i += used;
    }
    return i;
}

void lx_fit(const struct lctx *L, const struct lstyle *st, const char *s, size_t len,
            double width, struct strbuf *out)
{
    const struct font_metrics *fm = lx_metrics(L, st);
    const char *ell = fontmetrics_has_glyph(fm, 0x2026) ? "…" : "...";
    long max = (long)(width * 1000.0 / st->size), w = 0, ell_w;
    size_t end = visible(fm, s, len, max), i = 0, used;

    if (end == len && fontmetrics_text_width(fm, s, len) <= max) {
        strbuf_add(out, s, len);
        return;
    }
    /* cut where the rest and the ellipsis still fit, not after a space */
    ell_w = fontmetrics_text_width(fm, ell, strlen(ell));
    while (i < end) {
        long a = fontmetrics_advance(fm, utf8_decode(s + i, end - i, &used));
        if (w + a + ell_w > max)
            break;
        w += a;
        i += used;
    }
    while (i > 0 && s[i - 1] == ' ')
        i--;
    strbuf_add(out, s, i);
    strbuf_addstr(out, ell);
}

/* A running text expanded once: each piece between page numbers cut to a line. */
struct running {
    struct strbuf text;
    struct lx_marks marks;
};

static void running_prepare(struct lctx *L, const struct lstyle *st, const char *tmpl,
                            struct running *r)
{
    const struct font_metrics *fm = lx_metrics(L, st);
    long max = (long)(L->width * 1000.0 / st->size);
    struct strbuf full = STRBUF_INIT;
    size_t m, from = 0;

    lx_expand_marked(L, tmpl, &full, &r->marks);
    /* what follows a piece wider than the line cannot show either way */
    for (m = 0; m <= r->marks.count; m++) {
        size_t to = m < r->marks.count ? r->marks.items[m].at : full.len;
        strbuf_add(&r->text, full.buf + from, visible(fm, full.buf + from, to - from, max));
        if (m < r->marks.count)
            r->marks.items[m].at = r->text.len;
        from = to;
    }
    strbuf_release(&full);
}

/* The text of 'r' on page 'page', before it is fitted: its pieces and numbers. */
static void running_line(const struct running *r, size_t page, size_t pages,
                         struct strbuf *line)
{
    size_t m, from = 0;

    strbuf_reset(line);
    for (m = 0; m < r->marks.count; m++) {
        strbuf_add(line, r->text.buf + from, r->marks.items[m].at - from);
        strbuf_addf(line, "%zu", r->marks.items[m].pages ? pages : page + 1);
        from = r->marks.items[m].at;
    }
    strbuf_add(line, r->text.buf + from, r->text.len - from);
}

/*
 * The left, center and right texts of a header or footer on page 'page',
 * each cut so that they do not run into each other: the right one (the
 * short one, a date or a page number, in the usual layouts) first, then the
 * center, then the left in the room they leave.
 */
static void running_row(struct lctx *L, const struct lstyle *st, const struct running *r,
                        const char *const *tmpl, size_t page, size_t pages,
                        struct strbuf *line, struct strbuf *out)
{
    double gap = 2 * st->size, w[3] = {0, 0, 0}, avail;
    int i;

    for (i = 2; i >= 0; i--) {
        strbuf_reset(&out[i]);
        if (!tmpl[i])
            continue;
        if (i == 2)
            avail = L->width;
        else if (i == 1)
            avail = w[2] > 0 ? L->width - 2 * (w[2] + gap) : L->width;
        else
            avail = w[1] > 0 ? (L->width - w[1]) / 2 - gap
                  : w[2] > 0 ? L->width - w[2] - gap : L->width;
        running_line(&r[i], page, pages, line);
        lx_fit(L, st, line->buf, line->len, avail > 0 ? avail : 0, &out[i]);
        w[i] = lx_text_width(L, st, out[i].buf, out[i].len);
    }
}

void lx_running_texts(struct lctx *L)
{
    const struct layoutdef *def = L->def;
    const struct lstyle *st = &def->styles[LS_SMALL];
    static const enum lalign align[3] = {LA_LEFT, LA_CENTER, LA_RIGHT};
    struct running run[6];   /* header left, center, right, then the footer's */
    struct strbuf line = STRBUF_INIT, sb[6];
    size_t p, pages = L->dl->n_pages, saved = L->page;
    double lh = lx_line_height(st);
    int i;

    memset(run, 0, sizeof run);
    for (i = 0; i < 6; i++) {
        const char *tmpl = i < 3 ? def->header[i] : def->footer[i - 3];
        strbuf_init(&run[i].text);
        strbuf_init(&sb[i]);
        if (tmpl)
            running_prepare(L, st, tmpl, &run[i]);
    }
    for (p = 0; p < pages; p++) {
        L->page = p;
        if (p > 0)
            running_row(L, st, run, def->header, p, pages, &line, sb);
        running_row(L, st, run + 3, def->footer, p, pages, &line, sb + 3);
        for (i = 0; i < 3; i++) {
            if (def->header[i] && p > 0)
                lx_text(L, st, L->left, L->top - lh - 8, L->width, align[i], sb[i].buf,
                        sb[i].len, &def->muted);
            if (def->footer[i])
                lx_text(L, st, L->left, L->bottom + 10, L->width, align[i], sb[3 + i].buf,
                        sb[3 + i].len, &def->muted);
        }
        if (p > 0 && (def->header[0] || def->header[1] || def->header[2]))
            dl_line(L->dl, p, L->left, L->top - 6, L->right, L->top - 6, def->rule, 0.4);
    }
    for (i = 0; i < 6; i++) {
        strbuf_release(&run[i].text);
        strbuf_release(&sb[i]);
        free(run[i].marks.items);
    }
    L->page = saved;
    strbuf_release(&line);
}
