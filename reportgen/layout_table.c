/*
 * layout_table.c - tables: the generic engine (wrapped cells, header rows
 * repeated on every page, rows kept whole unless taller than a page, at
 * least two body rows under a header, "(계속)" headings), and the blocks
 * built on it: data tables, the company x category crosstab and the
 * per-company sections.
 */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "amount.h"
#include "dataset.h"
#include "xalloc.h"

#define PAD_X 3.0
#define PAD_Y 2.2

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

/* Horizontal cell padding: tighter in dense (scaled) tables. */
static double pad_x(const struct ltable *t)
{
    return t->scale > 0 ? 1.8 : PAD_X;
}

/* The table's body and header styles, scaled for dense tables. */
static void table_styles(const struct lctx *L, const struct ltable *t, struct lstyle *st,
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
        n = lx_wrap(L, st, r->text[c].buf, r->text[c].len, t->w[c] - 2 * pad_x(t),
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
        double y = L->y + PAD_Y;
        enum lalign al = header ? LA_CENTER : t->align[c];
        for (i = from; i < to && i < r->lines[c].count; i++) {
            const struct lb_line *ln = &r->lines[c].items[i];
            lx_text(L, st, x + pad_x(t), y, t->w[c] - 2 * pad_x(t), al,
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
    double h = (double)hlines * lx_line_height(hs) + 2 * PAD_Y;

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
    table_styles(L, t, &body, &head);
    h = (double)prepare_row(L, t, hs, 0, &r, 1) * lx_line_height(hs) + 2 * PAD_Y;
    for (i = 0; i < t->n_rows && i < 2; i++) {
        const struct lstyle *rs = (t->last_row_bold && i + 1 == t->n_rows) ? hs : st;
        h += (double)prepare_row(L, t, rs, i, &r, 0) * lx_line_height(rs) + 2 * PAD_Y;
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

    table_styles(L, t, &body, &head);
    memset(&sg, 0, sizeof sg);
    lh = lx_line_height(st);
    rowbuf_init(&hdr, t->n_cols);
    rowbuf_init(&row, t->n_cols);
    rowbuf_init(&next, t->n_cols);
    hlines = prepare_row(L, t, hs, 0, &hdr, 1);
    hh = (double)hlines * lx_line_height(hs) + 2 * PAD_Y;
    cont_h = t->continued ? lx_line_height(cs) + 2 : 0;

    /* the header goes where at least two body rows (or all, if fewer) fit under it */
    need = hh;
    for (r = 0; r < t->n_rows && r < 2; r++) {
        const struct lstyle *rs = (t->last_row_bold && r + 1 == t->n_rows) ? bold : st;
        size_t n = prepare_row(L, t, rs, r, r == 0 ? &row : &next, 0);
        need += (double)n * lx_line_height(rs) + 2 * PAD_Y;
        if (r == 0)
            lines = n;
        else {
            next_lines = n;
            have_next = 1;
        }
    }
    if (need > L->bottom - L->top - cont_h)
        need = hh + (t->n_rows ? (double)lines * lh + 2 * PAD_Y : 0);
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
        h = (double)lines * rlh + 2 * PAD_Y;
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
            fit = avail > 2 * PAD_Y ? (size_t)((avail - 2 * PAD_Y) / rlh) : 0;
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
            draw_band(L, t, rs, &row, from, from + fit, (double)fit * rlh + 2 * PAD_Y, fill, 0,
                      &sg);
            L->y += (double)fit * rlh + 2 * PAD_Y;
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

/* A table's caption, kept with the table's start. */
static void caption(struct lctx *L, const char *text)
{
    if (!text)
        return;
    strbuf_reset(&L->tmp);
    lx_expand(L, text, &L->tmp, 0, 0);
    lx_ensure(L, 60);
    lx_paragraph(L, &L->def->styles[LS_CAPTION], L->tmp.buf, L->tmp.len);
}

double *lx_column_widths(const struct lctx *L, const struct lblock *b)
{
    double *w = xcalloc(b->n_columns, sizeof *w), fixed = 0, weights = 0, rest;
    size_t c;

    for (c = 0; c < b->n_columns; c++) {
        fixed += b->columns[c].width;
        if (b->columns[c].width <= 0)
            weights += b->columns[c].weight;
    }
    rest = L->width - fixed;
    for (c = 0; c < b->n_columns; c++) {
        if (b->columns[c].width > 0)
            w[c] = b->columns[c].width;
        else
            w[c] = weights > 0 && rest > 0 ? rest * b->columns[c].weight / weights : 10;
        if (w[c] < 2 * PAD_X + 8)
            w[c] = 2 * PAD_X + 8;
    }
    return w;
}

/* Data tables: rows come from one of the aggregate's lists. */
struct tctx {
    struct lctx *L;
    const struct lblock *b;
    size_t *rows;         /* indices into the source list */
    size_t n;
    int totals;           /* the last row is the totals row */
};

static void share(struct strbuf *out, size_t part, size_t whole)
{
    if (!whole) {
        strbuf_addstr(out, "-");
        return;
    }
    strbuf_addf(out, "%.1f%%", 100.0 * (double)part / (double)whole);
}

static void cell_total(struct strbuf *out, const struct agg_cell *c)
{
    if (c->with_amount)
        amount_format(c->total_krw, out);
    else
        strbuf_addstr(out, "-");
}

static void pledge_cell(const struct aggregate *a, const struct pledge *p, int field,
                        struct strbuf *out)
{
    const struct dataset *ds = a->ds;
    switch (field) {
    case F_PL_ID: strbuf_addstr(out, p->id); break;
    case F_PL_COMPANY: strbuf_addstr(out, p->company); break;
    case F_PL_CATEGORY: strbuf_addstr(out, ds->categories.items[p->category]); break;
    case F_PL_TITLE: strbuf_addstr(out, p->title); break;
    case F_PL_DESCRIPTION: if (p->description) strbuf_addstr(out, p->description); break;
    case F_PL_AMOUNT:
        if (p->has_amount)
            amount_format(p->amount_krw, out);
        else
            strbuf_addstr(out, "-");
        break;
    case F_PL_DUE:
        if (p->due_origin != DUE_NONE)
            lx_format_date_compact(out, p->due.year, p->due.month, p->due.day);
        else
            strbuf_addstr(out, "-");
        break;
    case F_PL_STATUS: strbuf_addstr(out, pledge_status_labels[p->status]); break;
    case F_PL_MEETING_DATE: {
        const struct meeting *m = &ds->meetings[p->meeting];
        lx_format_date_compact(out, m->date.year, m->date.month, m->date.day);
        break;
    }
    case F_PL_MEETING: strbuf_addstr(out, ds->meetings[p->meeting].title); break;
    case F_PL_TIMELINE: strbuf_addstr(out, p->timeline_text ? p->timeline_text : "-"); break;
    }
}

/* Text of 'field' for item 'i' of the block's source (or of the totals). */
static void source_cell(const struct tctx *t, size_t i, int is_total, int field,
                        struct strbuf *out)
{
    const struct aggregate *a = t->L->agg;

    switch (t->b->source) {
    case SRC_COMPANIES: {
        const struct agg_cell *c = is_total ? &a->total : &a->companies[i].all;
        switch (field) {
        case F_CO_RANK: if (!is_total) strbuf_addf(out, "%zu", i + 1); break;
        case F_CO_COMPANY: strbuf_addstr(out, is_total ? "합계" : a->companies[i].name); break;
        case F_CO_PLEDGES: lx_format_count(out, c->pledges); break;
        case F_CO_WITH_AMOUNT: lx_format_count(out, c->with_amount); break;
        case F_CO_TOTAL: cell_total(out, c); break;
        case F_CO_WITH_DUE: lx_format_count(out, c->with_due); break;
        case F_CO_OVERDUE: lx_format_count(out, c->overdue); break;
        case F_CO_DUE_SOON: lx_format_count(out, c->due_soon); break;
        case F_CO_DONE: lx_format_count(out, c->done); break;
        case F_CO_MEETINGS:
            if (!is_total)
                lx_format_count(out, a->companies[i].n_meetings);
            else
                lx_format_count(out, a->n_meetings);
            break;
        case F_CO_SHARE: share(out, c->pledges, a->total.pledges); break;
        }
        break;
    }
    case SRC_CATEGORIES: {
        const struct agg_cell *c = is_total ? &a->total : &a->by_category[i];
        switch (field) {
        case F_CA_CATEGORY:
            strbuf_addstr(out, is_total ? "합계" : a->ds->categories.items[i]);
            break;
        case F_CA_PLEDGES: lx_format_count(out, c->pledges); break;
        case F_CA_WITH_AMOUNT: lx_format_count(out, c->with_amount); break;
        case F_CA_TOTAL: cell_total(out, c); break;
        case F_CA_WITH_DUE: lx_format_count(out, c->with_due); break;
        case F_CA_OVERDUE: lx_format_count(out, c->overdue); break;
        case F_CA_DONE: lx_format_count(out, c->done); break;
        case F_CA_SHARE: share(out, c->pledges, a->total.pledges); break;
        }
        break;
    }
    case SRC_STATUSES: {
        const struct agg_cell *c = is_total ? &a->total : &a->by_status[i];
        switch (field) {
        case F_ST_STATUS: strbuf_addstr(out, is_total ? "합계" : pledge_status_labels[i]); break;
        case F_ST_PLEDGES: lx_format_count(out, c->pledges); break;
        case F_ST_WITH_AMOUNT: lx_format_count(out, c->with_amount); break;
        case F_ST_TOTAL: cell_total(out, c); break;
        case F_ST_OVERDUE: lx_format_count(out, c->overdue); break;
        }
        break;
    }
    case SRC_MEETINGS: {
        const struct agg_meeting *am = &a->meetings[i];
        const struct meeting *m = &a->ds->meetings[am->meeting];
        size_t k;
        switch (field) {
        case F_ME_DATE: lx_format_date_compact(out, m->date.year, m->date.month, m->date.day); break;
        case F_ME_TITLE: strbuf_addstr(out, m->title); break;
        case F_ME_VENUE: strbuf_addstr(out, m->venue ? m->venue : "-"); break;
        case F_ME_HOST: strbuf_addstr(out, m->host ? m->host : "-"); break;
        case F_ME_COMPANIES: lx_format_count(out, am->companies); break;
        case F_ME_PLEDGES: lx_format_count(out, am->all.pledges); break;
        case F_ME_TOTAL: cell_total(out, &am->all); break;
        case F_ME_ATTENDEES:
            for (k = 0; k < m->n_attendees; k++)
                strbuf_addf(out, "%s%s", k ? ", " : "", m->attendees[k].name);
            break;
        }
        break;
    }
    case SRC_PLEDGES:
    case SRC_CARRIED:
        pledge_cell(a, &a->ds->pledges[i], field, out);
        break;
    case SRC_COUNT:
        break;
    }
}

static void table_cell(void *ctx, size_t row, size_t col, struct strbuf *out)
{
    const struct tctx *t = ctx;
    int is_total = t->totals && row + 1 == t->n;
    source_cell(t, is_total ? 0 : t->rows[row], is_total, t->b->columns[col].field, out);
}

/* Sort keys: numbers compare as numbers, texts by code point. */
static const struct tctx *sort_ctx;

static int sort_key_num(const struct tctx *t, size_t i, int64_t *v)
{
    const struct aggregate *a = t->L->agg;
    int f = t->b->sort_field;
    const struct agg_cell *c = NULL;

    switch (t->b->source) {
    case SRC_COMPANIES:
        c = &a->companies[i].all;
        if (f == F_CO_RANK) { *v = (int64_t)i; return 1; }
        if (f == F_CO_MEETINGS) { *v = (int64_t)a->companies[i].n_meetings; return 1; }
        if (f == F_CO_COMPANY) return 0;
        break;
    case SRC_CATEGORIES:
        c = &a->by_category[i];
        if (f == F_CA_CATEGORY) { *v = (int64_t)i; return 1; }
        break;
    case SRC_STATUSES:
        c = &a->by_status[i];
        if (f == F_ST_STATUS) { *v = (int64_t)i; return 1; }
        break;
    case SRC_MEETINGS: {
        const struct agg_meeting *am = &a->meetings[i];
        if (f == F_ME_DATE) { *v = (int64_t)i; return 1; }
        if (f == F_ME_COMPANIES) { *v = (int64_t)am->companies; return 1; }
        if (f == F_ME_PLEDGES) { *v = (int64_t)am->all.pledges; return 1; }
        if (f == F_ME_TOTAL) { *v = am->all.total_krw; return 1; }
        return 0;
    }
    case SRC_PLEDGES:
    case SRC_CARRIED: {
        const struct pledge *p = &a->ds->pledges[i];
        if (f == F_PL_AMOUNT) { *v = p->has_amount ? p->amount_krw : -1; return 1; }
        if (f == F_PL_DUE) {
            *v = p->due_origin != DUE_NONE ? date_to_days(p->due) : INT64_MAX;
            return 1;
        }
        if (f == F_PL_MEETING_DATE) {
            *v = date_to_days(a->ds->meetings[p->meeting].date);
            return 1;
        }
        if (f == F_PL_STATUS) { *v = p->status; return 1; }
        if (f == F_PL_CATEGORY) { *v = p->category; return 1; }
        return 0;
    }
    case SRC_COUNT:
        return 0;
    }
    if (!c)
        return 0;
    switch (t->b->source == SRC_COMPANIES ? f : -1) {
    case F_CO_PLEDGES: *v = (int64_t)c->pledges; return 1;
    case F_CO_WITH_AMOUNT: *v = (int64_t)c->with_amount; return 1;
    case F_CO_TOTAL: *v = c->total_krw; return 1;
    case F_CO_WITH_DUE: *v = (int64_t)c->with_due; return 1;
    case F_CO_OVERDUE: *v = (int64_t)c->overdue; return 1;
    case F_CO_DUE_SOON: *v = (int64_t)c->due_soon; return 1;
    case F_CO_DONE: *v = (int64_t)c->done; return 1;
    case F_CO_SHARE: *v = (int64_t)c->pledges; return 1;
    }
    /* categories and statuses: the figure fields share names */
    if (f == F_CA_TOTAL && t->b->source == SRC_CATEGORIES) { *v = c->total_krw; return 1; }
    if (t->b->source == SRC_STATUSES && f == F_ST_TOTAL) { *v = c->total_krw; return 1; }
    *v = (int64_t)c->pledges;
    return 1;
}

static int cmp_rows(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const struct tctx *t = sort_ctx;
    int64_t a, b;
    int c = 0;

    if (sort_key_num(t, i, &a) && sort_key_num(t, j, &b)) {
        c = a < b ? -1 : a > b;
    } else {
        struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT;
        source_cell(t, i, 0, t->b->sort_field, &s1);
        source_cell(t, j, 0, t->b->sort_field, &s2);
        c = strcmp(s1.buf, s2.buf);
        strbuf_release(&s1);
        strbuf_release(&s2);
    }
    if (t->b->sort_desc)
        c = -c;
    return c ? c : (i < j ? -1 : i > j); /* stable: keep the source order */
}

void lx_table_block(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    struct tctx t;
    struct ltable lt;
    double *w = lx_column_widths(L, b);
    enum lalign *align = xcalloc(b->n_columns, sizeof *align);
    const char **titles = xcalloc(b->n_columns, sizeof *titles);
    size_t i, n = 0;

    if (b->source == SRC_CARRIED && !a->opt.has_period) {
        free(w);
        free(align);
        free(titles);
        return; /* only a briefing for a period has pledges carried into it */
    }
    switch (b->source) {
    case SRC_COMPANIES: n = a->n_companies; break;
    case SRC_CATEGORIES: n = a->n_categories; break;
    case SRC_STATUSES: n = STATUS_COUNT; break;
    case SRC_MEETINGS: n = a->n_meetings; break;
    case SRC_PLEDGES: n = a->n_pledges; break;
    case SRC_CARRIED: n = a->n_carried; break;
    case SRC_COUNT: break;
    }
    t.L = L;
    t.b = b;
    t.rows = xcalloc(n + 1, sizeof *t.rows);
    for (i = 0; i < n; i++)
        t.rows[i] = b->source == SRC_PLEDGES ? a->pledge_order[i]
                  : b->source == SRC_CARRIED ? a->carried[i] : i;
    if (b->sort_field >= 0) {
        sort_ctx = &t;
        qsort(t.rows, n, sizeof *t.rows, cmp_rows);
        sort_ctx = NULL;
    }
    if (b->limit && n > b->limit)
        n = b->limit;
    t.totals = b->totals;
    t.n = n + (b->totals ? 1 : 0);
    for (i = 0; i < b->n_columns; i++) {
        align[i] = b->columns[i].align;
        titles[i] = b->columns[i].title;
    }
    caption(L, b->text);
    memset(&lt, 0, sizeof lt);
    lt.n_cols = b->n_columns;
    lt.w = w;
    lt.align = align;
    lt.titles = titles;
    lt.n_rows = t.n;
    lt.cell = table_cell;
    lt.ctx = &t;
    lt.last_row_bold = b->totals;
    if (n == 0 && !b->totals) {
        static const char none[] = "해당 사항 없음";
        lx_paragraph(L, &L->def->styles[LS_SMALL], none, sizeof none - 1);
    } else {
        lx_table(L, &lt);
    }
    free(t.rows);
    free(w);
    free(align);
    free(titles);
}

/* The crosstab: companies down, the categories in use across, totals both ways. */
struct xctx {
    struct lctx *L;
    const struct lblock *b;
    size_t *cats;      /* categories shown */
    size_t n_cats;
};

static void xcell(struct strbuf *out, const struct agg_cell *c, int total_series)
{
    if (!c->pledges) {
        strbuf_addstr(out, "-");
        return;
    }
    if (total_series)
        cell_total(out, c);
    else
        lx_format_count(out, c->pledges);
}

static void crosstab_cell(void *ctx, size_t row, size_t col, struct strbuf *out)
{
    struct xctx *x = ctx;
    const struct aggregate *a = x->L->agg;
    int tot = x->b->series == SERIES_TOTAL;
    int total_row = row == a->n_companies;

    if (col == 0) {
        strbuf_addstr(out, total_row ? "합계" : a->companies[row].name);
    } else if (col <= x->n_cats) {
        size_t k = x->cats[col - 1];
        xcell(out, total_row ? &a->by_category[k] : &a->companies[row].by_category[k], tot);
    } else {
        xcell(out, total_row ? &a->total : &a->companies[row].all, tot);
    }
}

/* Width of the widest piece of 'text' that no line break may split. */
static double longest_word(const struct lctx *L, const struct lstyle *st, const char *text)
{
    size_t len = strlen(text), i, start = 0;
    char *brk = xmalloc(len + 1);
    double best = 0;

    linebreak_opportunities(text, len, brk);
    for (i = 1; i <= len; i++) {
        if (i == len || brk[i] != LB_NONE) {
            size_t end = i;
            double w;
            while (end > start && text[end - 1] == ' ')
                end--;
            w = lx_text_width(L, st, text + start, end - start);
            if (w > best)
                best = w;
            start = i;
        }
    }
    free(brk);
    return best;
}

/*
 * Crosstab columns: each as wide as its heading's longest word (so that no
 * category name is split inside a word) or its widest figure, the company
 * column as wide as the longest name; what is left is shared out.  When
 * that does not fit, equal columns.
 */
static void crosstab_widths(struct lctx *L, const struct ltable *t, struct xctx *x,
                            const char *const *titles, double *w, size_t n)
{
    struct lstyle body, head;
    struct strbuf sb = STRBUF_INIT;
    double need = 0, pad = 2 * pad_x(t);
    size_t c, r;

    table_styles(L, t, &body, &head);
    for (c = 0; c < n; c++) {
        w[c] = longest_word(L, &head, titles[c]) + pad;
        for (r = 0; r <= L->agg->n_companies; r++) {
            double cw;
            strbuf_reset(&sb);
            crosstab_cell(x, r, c, &sb);
            cw = (c == 0 ? longest_word(L, r == L->agg->n_companies ? &head : &body, sb.buf)
                         : lx_text_width(L, &head, sb.buf, sb.len)) + pad;
            if (cw > w[c])
                w[c] = cw;
        }
        if (c == 0 && w[0] > L->width * 0.3)
            w[0] = L->width * 0.3;
        need += w[c];
    }
    strbuf_release(&sb);
    if (need > L->width) {
        w[0] = L->width * (n > 8 ? 0.16 : 0.2);
        for (c = 1; c < n; c++)
            w[c] = (L->width - w[0]) / (double)(n - 1);
        return;
    }
    for (c = 0; c < n; c++) /* share the rest in proportion */
        w[c] += (L->width - need) * w[c] / need;
}

void lx_crosstab(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    struct xctx x;
    struct ltable lt;
    double *w;
    enum lalign *align;
    const char **titles;
    struct strbuf empty = STRBUF_INIT;
    size_t k, n, c;

    x.L = L;
    x.b = b;
    x.cats = xcalloc(a->n_categories + 1, sizeof *x.cats);
    x.n_cats = 0;
    for (k = 0; k < a->n_categories; k++) {
        if (a->by_category[k].pledges)
            x.cats[x.n_cats++] = k;
        else
            strbuf_addf(&empty, "%s%s", empty.len ? ", " : "", a->ds->categories.items[k]);
    }
    n = x.n_cats + 2;
    w = xcalloc(n, sizeof *w);
    align = xcalloc(n, sizeof *align);
    titles = xcalloc(n, sizeof *titles);
    for (c = 1; c < n; c++) {
        align[c] = LA_RIGHT;
        titles[c] = c <= x.n_cats ? a->ds->categories.items[x.cats[c - 1]] : "합계";
    }
    titles[0] = "기업";
    caption(L, b->text);
    memset(&lt, 0, sizeof lt);
    lt.scale = n > 8 ? 7.5 / L->def->styles[LS_TABLE].size : 0;
    crosstab_widths(L, &lt, &x, titles, w, n);
    lt.n_cols = n;
    lt.w = w;
    lt.align = align;
    lt.titles = titles;
    lt.n_rows = a->n_companies + 1;
    lt.cell = crosstab_cell;
    lt.ctx = &x;
    lt.last_row_bold = 1;
    lx_table(L, &lt);
    if (empty.len) {
        strbuf_reset(&L->tmp);
        strbuf_addf(&L->tmp, "약속이 없는 분야: %s", empty.buf);
        L->y -= 4;
        lx_paragraph(L, &L->def->styles[LS_SMALL], L->tmp.buf, L->tmp.len);
        L->y += 4;
    }
    strbuf_release(&empty);
    free(x.cats);
    free(w);
    free(align);
    free(titles);
}

/* One heading, figures paragraph and pledge table per company. */
void lx_company_sections(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    double *w = lx_column_widths(L, b);
    enum lalign *align = xcalloc(b->n_columns, sizeof *align);
    const char **titles = xcalloc(b->n_columns, sizeof *titles);
    size_t *rows = xcalloc(a->ds->n_pledges + 1, sizeof *rows);
    struct strbuf heading = STRBUF_INIT, para = STRBUF_INIT, cont = STRBUF_INIT;
    size_t c, pos = 0;

    for (c = 0; c < b->n_columns; c++) {
        align[c] = b->columns[c].align;
        titles[c] = b->columns[c].title;
    }
    for (c = 0; c < a->n_companies; c++) {
        struct tctx t;
        struct ltable lt;
        size_t n = 0, all;

        /* pledge_order groups pledges by company, in company order */
        while (pos + n < a->n_pledges && a->pledge_company[a->pledge_order[pos + n]] == c) {
            rows[n] = a->pledge_order[pos + n];
            n++;
        }
        pos += n;
        all = n;
        t.L = L;
        t.b = b;
        if (b->sort_field >= 0) {
            sort_ctx = &t;
            qsort(rows, n, sizeof *rows, cmp_rows);
            sort_ctx = NULL;
        }
        if (b->limit && n > b->limit)
            n = b->limit;
        L->company = (int)c;
        strbuf_reset(&heading);
        strbuf_addf(&heading, "%zu. %s", c + 1, a->companies[c].name);
        strbuf_reset(&para);
        if (b->text)
            lx_expand(L, b->text, &para, 0, 0);
        t.rows = rows;
        t.n = n;
        t.totals = 0;
        memset(&lt, 0, sizeof lt);
        lt.n_cols = b->n_columns;
        lt.w = w;
        lt.align = align;
        lt.titles = titles;
        lt.n_rows = n;
        lt.cell = table_cell;
        lt.ctx = &t;
        {   /* "heading (계속)" on one line, made once for every page it is on */
            const struct lstyle *cs = &L->def->styles[LS_CAPTION];
            static const char more[] = " (계속)";
            strbuf_reset(&cont);
            lx_fit(L, cs, heading.buf, heading.len,
                   L->width - lx_text_width(L, cs, more, strlen(more)), &cont);
            strbuf_addstr(&cont, more);
            lt.continued = cont.buf;
        }
        {   /* keep heading, figures and the table's first rows together */
            const struct lstyle *h2 = &L->def->styles[LS_H2], *body = &L->def->styles[LS_BODY];
            double need = h2->space_before + lx_line_height(h2) + h2->space_after +
                          (double)lx_wrap(L, body, para.buf, para.len, L->width, &L->lines) *
                          lx_line_height(body) + body->space_after +
                          lx_table_start_height(L, &lt);
            lx_ensure(L, need);
        }
        lx_heading(L, heading.buf, 2, 1);
        if (para.len)
            lx_paragraph(L, &L->def->styles[LS_BODY], para.buf, para.len);
        lx_table(L, &lt);
        if (n < all) {   /* the rest are in the full list */
            strbuf_reset(&L->tmp);
            strbuf_addstr(&L->tmp, "※ 약속 ");
            lx_format_count(&L->tmp, all);
            strbuf_addstr(&L->tmp, "건 가운데 ");
            lx_format_count(&L->tmp, n);
            strbuf_addstr(&L->tmp, "건만 실었다. 전체 목록은 부록에 있다.");
            L->y -= 4;
            lx_paragraph(L, &L->def->styles[LS_SMALL], L->tmp.buf, L->tmp.len);
            L->y += 4;
        }
    }
    L->company = -1;
    strbuf_release(&heading);
    strbuf_release(&cont);
    strbuf_release(&para);
    free(rows);
    free(w);
    free(align);
    free(titles);
}
