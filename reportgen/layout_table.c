/*
 * layout_table.c - the generic table engine: wrapped cells, header rows
 * repeated on every page, rows kept whole unless taller than a page, at
 * least two body rows under a header, "(계속)" headings.  The blocks built
 * on it are in layout_blocks.c.
 */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct rowbuf {
    struct strbuf *text;     /* per column */
    struct lb_lines *lines;  /* per column */
    size_t n;
};

static void rowbuf_init(struct rowbuf *r, size_t n)
{
    size_t i;
    r->n = n;
    r->text = xcalloc(n, sizeof *r->text);
    r->lines = xcalloc(n, sizeof *r->lines);
    for (i = 0; i < n; i++)
        strbuf_init(&r->text[i]);
}

static void rowbuf_release(struct rowbuf *r)
{
    size_t i;
    for (i = 0; i < r->n; i++) {
        strbuf_release(&r->text[i]);
        lb_lines_release(&r->lines[i]);
    }
    free(r->text);
    free(r->lines);
}

double lx_pad_x(const struct ltable *t)
{
    return t->scale > 0 ? 1.8 : LX_PAD_X;
}

void lx_table_styles(const struct lctx *L, const struct ltable *t, struct lstyle *st,
                     struct lstyle *hs)
{
    *st = L->def->styles[LS_TABLE];
    *hs = L->def->styles[LS_TABLE_HEADER];
    if (t->scale > 0) {
        st->size *= t->scale;
        hs->size *= t->scale;
    }
}

/* Fill and wrap one row; returns its number of lines. */
static size_t prepare_row(struct lctx *L, const struct ltable *t, const struct lstyle *st,
                          size_t row, struct rowbuf *r, int header)
{
    size_t c, most = 1;
    for (c = 0; c < t->n_cols; c++) {
        size_t n;
        strbuf_reset(&r->text[c]);
        if (header)
            strbuf_addstr(&r->text[c], t->titles[c]);
        else
            t->cell(t->ctx, row, c, &r->text[c]);
        n = lx_wrap(L, st, r->text[c].buf, r->text[c].len, t->w[c] - 2 * lx_pad_x(t),
                     &r->lines[c]);
        if (n > most)
            most = n;
    }
    return most;
}

/*
 * Draw lines [from, to) of a prepared row in a band starting at L->y.  The
 * header is drawn whole; a body row's fill and rule go to the segment.
 */
struct segment;
static void segment_add(struct segment *sg, const struct dl_color *fill, double y, double h);

static void draw_band(struct lctx *L, const struct ltable *t, const struct lstyle *st,
                      const struct rowbuf *r, size_t from, size_t to, double h,
                      const struct dl_color *fill, int header, struct segment *sg)
{
    double x = L->left, lh = lx_line_height(st), width = 0;
    size_t c, i;

    for (c = 0; c < t->n_cols; c++)
        width += t->w[c];
    if (header) {
        if (fill)
            dl_rect(L->dl, L->page, L->left, L->y, width, h, fill, NULL, 0);
    } else {
        segment_add(sg, fill, L->y, h);
    }
    for (c = 0; c < t->n_cols; c++) {
        double y = L->y + LX_PAD_Y;
        enum lalign al = header ? LA_CENTER : t->align[c];
        for (i = from; i < to && i < r->lines[c].count; i++) {
            const struct lb_line *ln = &r->lines[c].items[i];
            lx_text(L, st, x + lx_pad_x(t), y, t->w[c] - 2 * lx_pad_x(t), al,
                    r->text[c].buf + ln->start, ln->len, NULL);
            y += lh;
        }
        x += t->w[c];
    }
    if (header) {
        for (x = L->left, c = 0; c + 1 < t->n_cols; c++) {
            x += t->w[c];
            dl_line(L->dl, L->page, x, L->y, x, L->y + h, L->def->rule, 0.3);
        }
        dl_line(L->dl, L->page, L->left, L->y + h, L->left + width, L->y + h, L->def->accent,
                0.8);
    }
}

/*
 * The body rows of a table on one page: their texts go into the display
 * list as they are laid out, their zebra fills are inserted under them and
 * their rules drawn over them when the page's part of the table is closed,
 * so that the texts of a page form one run for the backend.
 */
struct segment {
    double top;                 /* below the header */
    size_t first_item;          /* where the fills are inserted */
    double *y, *h;              /* fills */
    size_t n_fill, alloc_y, alloc_h;
    double *rule;               /* rules below rows */
    size_t n_rule, alloc_rule;
};

static void segment_start(struct lctx *L, struct segment *sg)
{
    sg->top = L->y;
    sg->first_item = L->dl->pages[L->page].count;
    sg->n_fill = sg->n_rule = 0;
}

static void segment_add(struct segment *sg, const struct dl_color *fill, double y, double h)
{
    if (fill) {
        XGROW(sg->y, sg->alloc_y, sg->n_fill + 1);
        XGROW(sg->h, sg->alloc_h, sg->n_fill + 1);
        sg->y[sg->n_fill] = y;
        sg->h[sg->n_fill++] = h;
    }
    XGROW(sg->rule, sg->alloc_rule, sg->n_rule + 1);
    sg->rule[sg->n_rule++] = y + h;
}

static void segment_release(struct segment *sg)
{
    free(sg->y);
    free(sg->h);
    free(sg->rule);
}

static void close_segment(struct lctx *L, const struct ltable *t, struct segment *sg)
{
    double x = L->left, width = 0;
    size_t c, i;

    for (c = 0; c < t->n_cols; c++)
        width += t->w[c];
    for (i = 0; i < sg->n_fill; i++) {
        struct dl_item *it = dl_insert(L->dl, L->page, sg->first_item + i, DL_RECT);
        it->x = L->left;
        it->y = sg->y[i];
        it->w = width;
        it->h = sg->h[i];
        it->fill = 1;
        it->color = L->def->zebra;
    }
    for (i = 0; i < sg->n_rule; i++)
        dl_line(L->dl, L->page, L->left, sg->rule[i], L->left + width, sg->rule[i],
                L->def->rule, 0.3);
    if (L->y > sg->top)
        for (c = 0; c + 1 < t->n_cols; c++) {
            x += t->w[c];
            dl_line(L->dl, L->page, x, sg->top, x, L->y, L->def->rule, 0.3);
        }
    sg->n_fill = sg->n_rule = 0;
}

static double table_width(const struct ltable *t)
{
    double w = 0;
    size_t c;
    for (c = 0; c < t->n_cols; c++)
        w += t->w[c];
    return w;
}

static double draw_header(struct lctx *L, const struct ltable *t, const struct lstyle *hs,
                          struct rowbuf *hdr, size_t hlines, int continued)
{
    double h = (double)hlines * lx_line_height(hs) + 2 * LX_PAD_Y;

    if (continued && t->continued) {
        const struct lstyle *cs = &L->def->styles[LS_CAPTION];
        lx_text(L, cs, L->left, L->y, L->width, LA_LEFT, t->continued, strlen(t->continued),
                NULL);
        L->y += lx_line_height(cs) + 2;
    }
    dl_line(L->dl, L->page, L->left, L->y, L->left + table_width(t), L->y, L->def->accent,
            1.0);
    draw_band(L, t, hs, hdr, 0, hlines, h, &L->def->header_fill, 1, NULL);
    L->y += h;
    return h;
}

double lx_table_start_height(struct lctx *L, const struct ltable *t)
{
    struct lstyle body, head;
    const struct lstyle *st = &body, *hs = &head;
    struct rowbuf r;
    double h;
    size_t i;

    rowbuf_init(&r, t->n_cols);
    lx_table_styles(L, t, &body, &head);
    h = (double)prepare_row(L, t, hs, 0, &r, 1) * lx_line_height(hs) + 2 * LX_PAD_Y;
    for (i = 0; i < t->n_rows && i < 2; i++) {
        const struct lstyle *rs = (t->last_row_bold && i + 1 == t->n_rows) ? hs : st;
        h += (double)prepare_row(L, t, rs, i, &r, 0) * lx_line_height(rs) + 2 * LX_PAD_Y;
    }
    rowbuf_release(&r);
    return h;
}

void lx_table(struct lctx *L, const struct ltable *t)
{
    struct lstyle body, head;
    const struct lstyle *st = &body, *bold = &head, *hs = &head;
    const struct lstyle *cs = &L->def->styles[LS_CAPTION];
    double lh, hh, need, cont_h;
    struct segment sg;
    struct rowbuf hdr, row, next;
    size_t hlines, r, lines, next_lines = 0;
    int have_next = 0;

    lx_table_styles(L, t, &body, &head);
    memset(&sg, 0, sizeof sg);
    lh = lx_line_height(st);
    rowbuf_init(&hdr, t->n_cols);
    rowbuf_init(&row, t->n_cols);
    rowbuf_init(&next, t->n_cols);
    hlines = prepare_row(L, t, hs, 0, &hdr, 1);
    hh = (double)hlines * lx_line_height(hs) + 2 * LX_PAD_Y;
    cont_h = t->continued ? lx_line_height(cs) + 2 : 0;

    /* the header goes where at least two body rows (or all, if fewer) fit under it */
    need = hh;
    for (r = 0; r < t->n_rows && r < 2; r++) {
        const struct lstyle *rs = (t->last_row_bold && r + 1 == t->n_rows) ? bold : st;
        size_t n = prepare_row(L, t, rs, r, r == 0 ? &row : &next, 0);
        need += (double)n * lx_line_height(rs) + 2 * LX_PAD_Y;
        if (r == 0)
            lines = n;
        else {
            next_lines = n;
            have_next = 1;
        }
    }
    if (need > L->bottom - L->top - cont_h)
        need = hh + (t->n_rows ? (double)lines * lh + 2 * LX_PAD_Y : 0);
    lx_ensure(L, need);
    draw_header(L, t, hs, &hdr, hlines, 0);
    segment_start(L, &sg);

    for (r = 0; r < t->n_rows; r++) {
        const struct lstyle *rs = (t->last_row_bold && r + 1 == t->n_rows) ? bold : st;
        double rlh = lx_line_height(rs), h;
        const struct dl_color *fill = (r % 2) ? &L->def->zebra : NULL;
        size_t from = 0;

        if (r > 0) {
            if (have_next && r == 1) {
                struct rowbuf tmp = row;
                row = next;
                next = tmp;
                lines = next_lines;
                have_next = 0;
            } else {
                lines = prepare_row(L, t, rs, r, &row, 0);
            }
        }
        if (t->last_row_bold && r + 1 == t->n_rows)
            dl_line(L->dl, L->page, L->left, L->y, L->left + table_width(t), L->y,
                    L->def->accent, 0.8);
        h = (double)lines * rlh + 2 * LX_PAD_Y;
        while (from < lines) {
            double avail = L->bottom - L->y, page_room = L->bottom - L->top - hh - cont_h;
            size_t fit;
            if (h <= avail + 0.001 && from == 0) {
                draw_band(L, t, rs, &row, 0, lines, h, fill, 0, &sg);
                L->y += h;
                break;
            }
            if (from == 0 && h <= page_room) { /* whole row on the next page */
                close_segment(L, t, &sg);
                lx_new_page(L);
                draw_header(L, t, hs, &hdr, hlines, 1);
                segment_start(L, &sg);
                continue;
            }
            /* a row taller than a page: split it between lines */
            fit = avail > 2 * LX_PAD_Y ? (size_t)((avail - 2 * LX_PAD_Y) / rlh) : 0;
            if (fit == 0 && L->y <= L->top + cont_h + hh + 0.001)
                fit = 1; /* not even a line fits under the header: overflow, but go on */
            if (fit == 0) {
                close_segment(L, t, &sg);
                lx_new_page(L);
                draw_header(L, t, hs, &hdr, hlines, 1);
                segment_start(L, &sg);
                continue;
            }
            if (fit > lines - from)
                fit = lines - from;
            draw_band(L, t, rs, &row, from, from + fit, (double)fit * rlh + 2 * LX_PAD_Y, fill, 0,
                      &sg);
            L->y += (double)fit * rlh + 2 * LX_PAD_Y;
            from += fit;
            if (from < lines) {
                close_segment(L, t, &sg);
                lx_new_page(L);
                draw_header(L, t, hs, &hdr, hlines, 1);
                segment_start(L, &sg);
            }
        }
    }
    close_segment(L, t, &sg);
    segment_release(&sg);
    rowbuf_release(&hdr);
    rowbuf_release(&row);
    rowbuf_release(&next);
    L->y += 8;
}
